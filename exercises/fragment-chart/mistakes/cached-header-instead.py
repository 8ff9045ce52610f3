import numpy as np
import pandas as pd
import streamlit as st

import speedlit


@st.cache_data
def header_numbers():
    speedlit.slow("header", 2.0)
    return {"Orders": 1284, "Customers": 312, "Returns": 17}


def metric_series(metric):
    speedlit.slow("chart_data", 0.2)
    seed = ["Sales", "Revenue", "Users"].index(metric)
    values = np.random.default_rng(seed).normal(100, 15, 30).cumsum()
    return pd.DataFrame({metric: values}, index=pd.RangeIndex(1, 31, name="day"))


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

st.subheader("Trend")
metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
st.line_chart(metric_series(metric))
