# wrong: a new st.status box is opened for every month, so twelve status boxes pile up instead of one box (or bar) that follows the whole job.
# task: 1
# expect-check: After each build the page shows the job finished (a bar at 100 % or a completed status), and nothing of it otherwise
# expect-message: the page shows 12 status boxes
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
    rows = []
    for month in MONTHS:
        with st.status(f"Closing {month}…") as box:
            rows.append(close_books(store, month))
            box.update(label=f"{month} closed", state="complete")
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
