"""Attack (filling the disk): write 1 GB to /tmp and the working folder.

Must happen: the write fails inside the job (its file size limit and small private /tmp);
the app fails with its own error (``crash``); nothing reaches the host's disk.
"""
import streamlit as st

st.title("Sales explorer")
chunk = b"x" * (1 << 20)
for path in ("/tmp/fill.bin", "fill.bin"):
    with open(path, "wb") as handle:
        for _ in range(1024):
            handle.write(chunk)
