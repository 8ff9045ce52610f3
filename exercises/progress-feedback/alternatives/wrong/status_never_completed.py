# wrong: the status box is created without `with` and never updated, so it keeps spinning as "running" after the report is done instead of showing complete.
# task: 1
# expect-check: After each build the page shows the job finished (a bar at 100 % or a completed status), and nothing of it otherwise
# expect-message: never marked complete
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
    status = st.status("Building the report…")
    rows = []
    for month in MONTHS:
        rows.append(close_books(store, month))
        status.write(f"Closed {month}")
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
