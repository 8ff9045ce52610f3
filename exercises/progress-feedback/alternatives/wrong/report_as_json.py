# wrong: the report is shown with st.write(rows), a JSON tree of dicts, instead of the metric and table it showed before.
# task: 2
# expect-check: The report appears as before, after every step
# expect-message: your app shows a json
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
    bar = st.progress(0)
    rows = []
    for done, month in enumerate(MONTHS, start=1):
        rows.append(close_books(store, month))
        bar.progress(done / len(MONTHS))
    st.metric("Revenue this year", f"{sum(row['revenue'] for row in rows):,}")
    st.write(rows)
