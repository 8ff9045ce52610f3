# wrong: the chart is drawn under `if forecast.open:` but without `with forecast:`, so it lands below the tabs in the main page instead of inside the Forecast tab.
# task: 2
# expect-check: The open tab shows what it showed before, after every step
# expect-message: drawn outside the tabs
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

with summary:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(load_orders(region), hide_index=True)
if forecast.open:
    st.line_chart(fit_forecast(region))
