import numpy as np
import pandas as pd
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def weekly_orders(region):
    rng = np.random.default_rng(REGIONS.index(region))
    return pd.DataFrame({"week": np.arange(1, 13), "orders": rng.integers(80, 160, 12)})


@st.cache_data
def demand_forecast(region):
    speedlit.slow("forecast", 2.0)
    recent = weekly_orders(region)["orders"].tail(4).mean()
    weeks = pd.RangeIndex(13, 21, name="week")
    return pd.DataFrame({"forecast": recent + 2.5 * np.arange(1, 9)}, index=weeks)


st.title("Store performance")
region = st.selectbox("Region", REGIONS)
summary, orders, forecast = st.tabs(["Summary", "Orders", "Forecast"])

with summary:
    history = weekly_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(weekly_orders(region), hide_index=True)
with forecast:
    st.line_chart(demand_forecast(region))
