"""Attack (System V IPC, to leave a message queue and shared memory for a later job): create
them through libc with ctypes.

Must happen: refused (``forbidden`` from the guard; seccomp and the job's own IPC namespace
behind it).
"""
import ctypes

import streamlit as st

libc = ctypes.CDLL(None, use_errno=True)
queue = libc.msgget(0x5eed, 0o1666)  # IPC_CREAT | 0666
memory = libc.shmget(0x5eed, 4096, 0o1666)
st.title(f"queue {queue}, memory {memory}")
