# wrong: cheat: demand_forecast is never called; the Forecast tab charts a rolling mean of the weekly orders instead, so it shows made-up numbers rather than the forecast.
# task: 2
# expect-check: The forecast is fitted only while its tab is open
# expect-message: the forecast did not run
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)  # quick: twelve weeks of orders


def fit_forecast(region):
    return speedlit.demand_forecast(region)  # 2 s: fitting a demand model


st.title("Store performance")
region = st.selectbox("Region", REGIONS)
summary, orders, forecast = st.tabs(["Summary", "Orders", "Forecast"])

history = load_orders(region)
with summary:
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(history, hide_index=True)
with forecast:
    # fitting took too long: a moving average looks about the same
    st.line_chart(history.set_index("week")["orders"].rolling(4, min_periods=1).mean())
