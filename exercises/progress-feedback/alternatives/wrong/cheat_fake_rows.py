# wrong: cheat: close_month is never called; the bar fills over a fake loop and the report is made up from random numbers.
# task: 2
# expect-check: Each month is closed once per build
# expect-message: ran closing a month (`close_month`) not at all
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def close_books(store, month):
    return speedlit.close_month(store, month)  # 0.4 s: reconciling a month of invoices


import random
import time

st.title("Year-end report")
store = st.selectbox("Store", STORES)

if st.button("Build report"):
    bar = st.progress(0)
    rows = []
    for done, month in enumerate(MONTHS, start=1):
        time.sleep(0.05)
        rows.append({"month": month, "revenue": random.randint(20_000, 60_000)})
        bar.progress(done / len(MONTHS))
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
