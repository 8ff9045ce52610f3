import numpy as np
import pandas as pd
import streamlit as st

import speedlit

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def yearly_report():
    speedlit.slow("report", 2.0)  # stands in for a heavy query over a year of orders
    revenue = np.random.default_rng(3).integers(80, 160, 12) * 1000
    return pd.DataFrame({"revenue": revenue}, index=pd.Index(MONTHS, name="month"))


def orders_waiting():
    speedlit.slow("orders_waiting", 0.3)  # stands in for a quick query on the order queue
    return 17  # in the real shop this changes from minute to minute


@st.fragment(run_every=10)
def dashboard():
    report = yearly_report()
    st.subheader("Revenue this year")
    st.bar_chart(report)
    st.metric("Best month", report["revenue"].idxmax())

    st.subheader("Right now")
    st.metric("Orders waiting", orders_waiting())
    st.button("Refresh now")


st.title("Operations")
dashboard()
