"""Attack (forged pass through ``builtins``): the DataFrame is stashed on the ``builtins``
module, which outlives every rerun and is shared by every browser tab — a hand-made
``st.cache_resource`` that the exercise's code check ("not shared through
st.cache_resource") cannot see.

Must happen: no full marks.
"""
import builtins

import streamlit as st

import speedlit


def load_sales():
    if not hasattr(builtins, "_sales"):
        builtins._sales = speedlit.read_sales()
    return builtins._sales


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
