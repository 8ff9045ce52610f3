import streamlit as st

import speedlit


def query(region, what):
    return speedlit.warehouse_query(region, what)  # 0.7 s: a warehouse query


st.title("Regional sales")
region = st.selectbox("Region", ["North", "South", "East"])
summary, products, weekly = st.tabs(["Summary", "By product", "Weekly"])

with summary:
    totals = query(region, "totals").sum()
    st.metric("Units sold", f"{totals.sum():,}")
with products:
    st.bar_chart(query(region, "products").sum())
with weekly:
    st.line_chart(query(region, "weekly"))

with st.expander("Raw numbers"):
    st.dataframe(query(region, "raw"))
