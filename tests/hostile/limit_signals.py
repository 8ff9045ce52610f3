"""Attack (signals to other processes): SIGKILL to every process the job may signal
(``kill(-1)``), to the process group (``killpg(0)``) and to the zygote (pid 1 is the job
itself in its own pid namespace; the parent is invisible).

Must happen: refused (``forbidden``); the grader and its workers live on.
"""
import os
import signal

import streamlit as st

st.title("Sales explorer")
os.kill(-1, signal.SIGKILL)
os.killpg(0, signal.SIGKILL)
