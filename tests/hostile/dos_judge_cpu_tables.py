"""Attack on the grader's CPU, with Streamlit's public API only: eight tables of 100,000 rows
whose cells are lists. Sending them costs the app about a second; the judge summarises each
distinct table once (``frame_summary``): lists cannot be hashed, so it falls back to
``DataFrame.to_csv``, ~2 s of the grader's own CPU per table — outside the app's CPU limit,
after the judge's wall-clock deadline was last checked.

Must happen: the grading ends near its wall limit; the grader's CPU is not spent by the file.
"""
import streamlit as st
import pandas as pd

st.title("Sales explorer")
for k in range(8):
    st.table(pd.DataFrame({"a": [[k]] * 100_000}))
