"""Attack (memory beyond the job's limit, spread over threads): eight threads each fill
100 MB of NumPy arrays (touching every page), so no single allocation looks large.

Must happen: the job is stopped for memory (``memory``), the grader's own memory unaffected.
"""
import threading

import numpy as np
import streamlit as st

hoard = []


def fill():
    for _ in range(10):
        block = np.ones(10 * 1024 * 1024 // 8)  # 10 MB, every page written
        hoard.append(block)


workers = [threading.Thread(target=fill) for _ in range(8)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
st.title("Sales explorer")
st.write(f"holding {sum(b.nbytes for b in hoard) >> 20} MB")
