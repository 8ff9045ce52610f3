"""Attack (hiding an attempt): the exercise's correct solution, plus a quiet try at reading
another exercise's solution and opening a network connection, each inside ``try: ... except
Exception: pass`` — the learner hides the guard's refusals and the app goes on to behave
perfectly.

Must happen: the attempts are reported (``forbidden``), not graded as an honest 8/8: the guard
is documented to keep "a record of every attempt, which the grading result reports even when
the learner's code caught the exception".
"""
import socket

import streamlit as st

import speedlit

for attempt in (
    lambda: open("/work/main/exercises/cache-resource-model/solution.py").read(),
    lambda: socket.create_connection(("10.0.0.1", 5432), timeout=0.2),
):
    try:
        attempt()
    except Exception:  # noqa: BLE001 - hide the refusal
        pass


@st.cache_data  # data: loaded once, a fresh copy for every caller
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
