# wrong: functools.lru_cache instead of st.cache_data; Streamlit re-executes the script on every rerun, which defines a new function with an empty cache, so the file is read on every click; the grader should say to use st.cache_data, whose cache survives reruns.
# task: 1
# expect-check: The dataset is loaded once
# expect-message: A `functools` cache lives on the function object
from functools import lru_cache

import streamlit as st

import speedlit


@lru_cache(maxsize=None)
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
