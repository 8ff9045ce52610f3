# wrong: all twelve months are closed first and the bar is only animated afterwards, so during the real five-second wait the page still shows nothing.
# task: 1
# expect-check: While the months are closed, the page shows a progress bar or status box
# expect-message: appears only once all twelve months are closed
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
    rows = [close_books(store, month) for month in MONTHS]
    bar = st.progress(0)
    for done, month in enumerate(MONTHS, start=1):
        bar.progress(done / len(MONTHS), text=f"Closed {month}")
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
