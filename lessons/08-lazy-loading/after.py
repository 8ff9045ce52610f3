import streamlit as st

import speedlit


def query(region, what):
    return speedlit.warehouse_query(region, what)  # 0.7 s: a warehouse query


st.title("Regional sales")
region = st.selectbox("Region", ["North", "South", "East"])
summary, products, weekly = st.tabs(["Summary", "By product", "Weekly"], on_change="rerun")

if summary.open:  # only the open tab's code runs
    with summary:
        totals = query(region, "totals").sum()
        st.metric("Units sold", f"{totals.sum():,}")
if products.open:
    with products:
        st.bar_chart(query(region, "products").sum())
if weekly.open:
    with weekly:
        st.line_chart(query(region, "weekly"))

raw = st.expander("Raw numbers", on_change="rerun")
if raw.open:  # False while collapsed, so the query waits until someone looks
    with raw:
        st.dataframe(query(region, "raw"))
