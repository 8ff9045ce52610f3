import numpy as np
import pandas as pd
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def make_sales():
    rng = np.random.default_rng(7)
    days = pd.date_range("2025-01-01", periods=90, freq="D")
    return pd.DataFrame({
        "day": np.tile(days, len(REGIONS)),
        "region": np.repeat(REGIONS, len(days)),
        "revenue": rng.gamma(4.0, 250.0, len(days) * len(REGIONS)).round(2),
    })


def forecast(daily):
    speedlit.slow("forecast", 1.5)  # stands in for fitting a real model
    slope, start = np.polyfit(np.arange(len(daily)), daily.to_numpy(), 1)
    ahead = np.arange(len(daily), len(daily) + 30)
    days = pd.date_range(daily.index[-1], periods=31, freq="D")[1:]
    return pd.Series(start + slope * ahead, index=days, name="forecast")


st.session_state.runs = st.session_state.get("runs", 0) + 1
st.caption(f"Script run #{st.session_state.runs} in this session")

st.title("Daily revenue")
sales = make_sales()
region = st.selectbox("Region", REGIONS)
daily = sales[sales["region"] == region].set_index("day")["revenue"]
st.line_chart(daily)

if st.toggle("Show 30-day forecast"):
    predicted = forecast(daily)  # fitted only in runs that show it
    st.line_chart(predicted)
