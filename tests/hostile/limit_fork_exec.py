"""Attack (a helper process without any audit event): ``_posixsubprocess.fork_exec`` is the
C function under ``subprocess``; calling it directly skips the ``subprocess.Popen`` audit
event the guard listens for. It would start ``/bin/sh`` writing a file.

Must happen: no process starts (seccomp refuses fork/clone/execve); the app fails with an
error of its own (``crash`` or ``forbidden``), not passed.
"""
import os

import _posixsubprocess
import streamlit as st

st.title("Sales explorer")
errread, errwrite = os.pipe()
pid = _posixsubprocess.fork_exec(
    [b"/bin/sh", b"-c", b"echo escaped > /tmp/escaped"], [b"/bin/sh"], True, (), None, None,
    -1, -1, -1, -1, -1, -1, errread, errwrite, False, False, 0, None, None, -1, -1, None, False)
print("STARTED", pid, flush=True)
st.write(f"STARTED {pid}")
