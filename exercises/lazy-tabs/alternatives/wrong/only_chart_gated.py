# wrong: the forecast is computed before the `if forecast.open:` check and only the chart is gated, so demand_forecast still runs on every rerun; the call itself must move under the check.
# task: 1
# expect-check: The forecast is fitted only while its tab is open
# expect-message: outside the `if forecast.open:` block
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)  # quick: twelve weeks of orders


def fit_forecast(region):
    return speedlit.demand_forecast(region)  # 2 s: fitting a demand model


st.title("Store performance")
region = st.selectbox("Region", REGIONS)
summary, orders, forecast = st.tabs(["Summary", "Orders", "Forecast"], on_change="rerun")
prediction = fit_forecast(region)

with summary:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(load_orders(region), hide_index=True)
if forecast.open:
    with forecast:
        st.line_chart(prediction)
