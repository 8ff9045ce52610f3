import numpy as np
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def close_month(store, month):
    speedlit.slow("close_month", 0.4)  # stands in for reconciling a month of invoices
    rng = np.random.default_rng(STORES.index(store) * 100 + MONTHS.index(month))
    return {"month": month, "invoices": int(rng.integers(300, 900)),
            "revenue": int(rng.integers(40, 120)) * 1000}


st.title("Year-end report")
store = st.selectbox("Store", STORES)

if st.button("Build report"):
    bar = st.progress(0, text="Closing the months…")
    rows = []
    for done, month in enumerate(MONTHS):
        rows.append(close_month(store, month))
        bar.progress(done / len(MONTHS), text=f"Closing {month}")
    report = pd.DataFrame(rows)
    st.metric("Revenue this year", f"{report['revenue'].sum():,}")
    st.dataframe(report, hide_index=True)
