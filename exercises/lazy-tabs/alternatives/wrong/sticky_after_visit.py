# wrong: once the Forecast tab has been opened a session flag keeps fitting the forecast on every later rerun, even after the user left the tab; it must run only while the tab is open.
# task: 1
# expect-check: The forecast is fitted only while its tab is open
# expect-message: even once the user has moved to another tab
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
if forecast.open:
    st.session_state.forecast_seen = True

with summary:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(load_orders(region), hide_index=True)
if st.session_state.get("forecast_seen"):
    with forecast:
        st.line_chart(fit_forecast(region))
