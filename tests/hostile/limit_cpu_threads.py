"""Attack (CPU beyond the job's limit, spread over threads): four threads run NumPy work
that releases the GIL, so together they could use several cores while each thread's own
share looks small.

Must happen: the job is stopped for time (``timeout``) within its limits.
"""
import threading

import numpy as np
import streamlit as st


def burn():
    a = np.random.default_rng(0).random((400, 400))
    while True:
        a = np.sin(a @ a) + 1.0


for _ in range(4):
    threading.Thread(target=burn, daemon=True).start()
burn()
st.title("never")
