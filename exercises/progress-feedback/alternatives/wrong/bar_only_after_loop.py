# wrong: the bar is created empty and only set to 100 % after the loop, so it jumps from 0 to 100 % at once instead of moving month by month.
# task: 1
# expect-check: The progress moves on after every month
# expect-message: moved only after the loop has finished
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
    bar = st.progress(0, text="Building…")
    rows = []
    for month in MONTHS:
        rows.append(close_books(store, month))
    bar.progress(100, text="Done")
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
