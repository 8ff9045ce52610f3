# wrong: the bar is moved to len(rows) / len(rows), which is 1.0 after every month, so it jumps to 100 % after January and then stands still for the rest of the job.
# task: 1
# expect-check: The progress moves on after every month
# expect-message: it stayed at 100 %
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
    bar = st.progress(0, text="Closing the months…")
    rows = []
    for month in MONTHS:
        rows.append(close_books(store, month))
        bar.progress(len(rows) / len(rows), text=f"Closed {month}")  # meant len(MONTHS)
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
