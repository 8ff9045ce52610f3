"""Batch poison: the widget the scenario sets ("Region") is a list-valued ``st.multiselect``, so
the grader's ``choose("Region", "South")`` meets a list where it expects one option.

Must happen: a plain failing score (the interaction is reported as impossible), no grader
error; the rest of the batch is graded.
"""
import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()


st.title("Sales explorer")
sales = load_sales()
regions = st.multiselect("Region", sorted(sales["region"].unique()), ["North", "South"])
rows = st.slider("Rows to show", 5, 50, 10)
picked = sales[sales["region"].isin(regions)]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
