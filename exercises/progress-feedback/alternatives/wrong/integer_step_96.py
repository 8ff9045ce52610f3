# wrong: the bar grows by 100 // 12 = 8 points per month, so it ends at 96 % instead of 100 %.
# task: 1
# expect-check: After each build the page shows the job finished (a bar at 100 % or a completed status), and nothing of it otherwise
# expect-message: stands at 96 %
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
    step = 100 // len(MONTHS)
    percent = 0
    bar = st.progress(percent)
    rows = []
    for month in MONTHS:
        rows.append(close_books(store, month))
        percent += step
        bar.progress(percent, text=f"{percent} %")
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
