# wrong: the bar's slot is an empty st.empty() until the first month is closed, so while January is reconciled the page shows no progress at all; the bar must be drawn before the loop starts.
# task: 1
# expect-check: While the months are closed, the page shows a progress bar or status box
# expect-message: Show it before the work starts
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def close_books(store, month):
    return speedlit.close_month(store, month)  # 0.4 s: reconciling a month of invoices


st.title("Year-end report")
store = st.selectbox("Store", STORES)

clicked = st.button("Build report")
if clicked:
    slot = st.empty()
    rows = []
    for month in MONTHS:
        rows.append(close_books(store, month))
        slot.progress(len(rows) / len(MONTHS), text=f"Closed {month}")
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
