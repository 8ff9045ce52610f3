"""Attack (a thread bomb): start threads until something gives.

Must happen: the job's task limit stops it; the app fails with its own error (``crash``) or
is stopped (``timeout``/``memory``), never the grader.
"""
import threading
import time

import streamlit as st

started = 0
while True:
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    started += 1
    if started > 100_000:
        break
st.title(f"{started} threads")
