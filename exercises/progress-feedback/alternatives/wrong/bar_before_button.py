# wrong: the bar is drawn before the button, so an empty progress bar shows even when no report is being built.
# task: 1
# expect-check: After each build the page shows the job finished (a bar at 100 % or a completed status), and nothing of it otherwise
# expect-message: even when no report is being built
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def close_books(store, month):
    return speedlit.close_month(store, month)  # 0.4 s: reconciling a month of invoices


st.title("Year-end report")
store = st.selectbox("Store", STORES)

bar = st.progress(0)
if st.button("Build report"):
    rows = []
    for done, month in enumerate(MONTHS, start=1):
        rows.append(close_books(store, month))
        bar.progress(done / len(MONTHS))
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
