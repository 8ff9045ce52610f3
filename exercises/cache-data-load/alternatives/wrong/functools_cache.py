# wrong: functools.cache instead of st.cache_data; the function is redefined (with an empty cache) on every rerun, so the file is still read on every interaction; the grader should say functools caches do not survive a rerun and to use st.cache_data.
# task: 1
# expect-check: The dataset is loaded once
# expect-message: A `functools` cache lives on the function object
import functools

import streamlit as st

import speedlit


@functools.cache
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
