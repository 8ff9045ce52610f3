# wrong: a spinner replaces the blank page, but it says nothing about how far the job got and leaves nothing finished on the page; a progress bar or status box moved month by month was asked for.
# task: 1
# expect-check: While the months are closed, the page shows a progress bar or status box
# expect-message: `st.spinner` shows that something is running, but not how far
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def close_books(store, month):
    return speedlit.close_month(store, month)  # 0.4 s: reconciling a month of invoices


st.title("Year-end report")
store = st.selectbox("Store", STORES)

if st.button("Build report"):
    with st.spinner("Closing twelve months…"):
        rows = [close_books(store, month) for month in MONTHS]
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
