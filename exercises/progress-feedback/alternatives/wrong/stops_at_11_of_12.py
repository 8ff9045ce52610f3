# wrong: the bar is moved to i / 12 with i counted from 0, so after the last month it shows 11/12 (91 %) and never reaches 100 %.
# task: 1
# expect-check: After each build the page shows the job finished (a bar at 100 % or a completed status), and nothing of it otherwise
# expect-message: `enumerate` counts from 0
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
    for i, month in enumerate(MONTHS):
        rows.append(close_books(store, month))
        bar.progress(i / len(MONTHS), text=f"Closed {month}")
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
