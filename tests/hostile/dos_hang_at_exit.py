"""Attack on the grader's time: the correct solution, plus one line that makes the app host
hang when the judge is done (Streamlit's ``Runtime.stop`` replaced by a long sleep). The
scenario finishes in a fraction of a second; then the judge closes the channel and waits for
the process to exit, which only the zygote's hard deadline (wall limit + 5 s) ends.

Must happen: the grading ends near its wall limit (the app may well be failed for it).
"""
import time

import streamlit as st

import speedlit

speedlit._backend.runtime.stop = lambda: time.sleep(1000)


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
