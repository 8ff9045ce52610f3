"""Attack (forged pass without any cache): the DataFrame is kept in ``st.session_state``, so it
is read once per browser tab — every new visitor still pays the 1.5 s read. The exercise's
scenario only ever opens one tab, so it cannot tell this from ``@st.cache_data``.

Must happen: no full marks (the dataset should be loaded once, not once per visitor).
"""
import streamlit as st

import speedlit


def load_sales():
    if "sales" not in st.session_state:
        st.session_state.sales = speedlit.read_sales()
    return st.session_state.sales


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
