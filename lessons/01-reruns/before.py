import numpy as np
import pandas as pd
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def make_sales():
    rng = np.random.default_rng(7)
    days = pd.date_range("2026-01-01", periods=120, freq="D")
    return pd.DataFrame({
        "day": np.tile(days, len(REGIONS)),
        "region": np.repeat(REGIONS, len(days)),
        "revenue": rng.gamma(4.0, 120.0, len(days) * len(REGIONS)).round(2),
    })


st.session_state.runs = st.session_state.get("runs", 0) + 1
st.caption(f"Script run #{st.session_state.runs} in this session")

st.title("Daily revenue")
sales = make_sales()
region = st.selectbox("Region", REGIONS)
daily = sales[sales["region"] == region].set_index("day")["revenue"]
st.line_chart(daily)

predicted = speedlit.revenue_forecast(region)  # 1.5 s: fits a model to the region's history
if st.toggle("Show 30-day forecast"):
    st.line_chart(predicted)
