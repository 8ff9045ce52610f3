# wrong: only a caption saying the report takes a few seconds was added; there is still no progress bar or status while the months are closed.
# task: 1
# expect-check: While the months are closed, the page shows a progress bar or status box
# expect-message: did not show a progress bar or a status box
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def close_books(store, month):
    return speedlit.close_month(store, month)  # 0.4 s: reconciling a month of invoices


st.title("Year-end report")
store = st.selectbox("Store", STORES)

st.caption("Building the report takes about five seconds.")
if st.button("Build report"):
    rows = []
    for month in MONTHS:
        rows.append(close_books(store, month))
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
