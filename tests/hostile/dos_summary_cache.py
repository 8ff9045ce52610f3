"""Attack on the grader's memory, kept after the grading: twelve distinct tables of 50 rows x
150 columns of 2,000-character strings. The judge remembers the summary of every table it has
seen (up to 512, across all gradings), and a summary keeps the first 50 rows as text: ~15 MB
each. A few such submissions keep gigabytes in the grading server.

Must happen: the grader's memory after the grading is back near where it was.
"""
import os

import pandas as pd
import streamlit as st

cell = "x" * 1990
st.title("Sales explorer")
for k in range(12):
    tag = os.urandom(4).hex()
    frame = pd.DataFrame({f"c{j}": [f"{tag}{j:03d}{i:02d}{cell}" for i in range(50)]
                          for j in range(150)})
    st.table(frame)
