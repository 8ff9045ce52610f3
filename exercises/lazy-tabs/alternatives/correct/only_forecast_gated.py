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

# the cheap tabs can stay eager, only the forecast is expensive
with summary:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(load_orders(region), hide_index=True)
with forecast:
    if forecast.open:
        st.line_chart(fit_forecast(region))
