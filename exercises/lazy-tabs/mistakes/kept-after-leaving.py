import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)


def fit_forecast(region):
    return speedlit.demand_forecast(region)


st.title("Store performance")
region = st.selectbox("Region", REGIONS)
summary, orders, forecast = st.tabs(["Summary", "Orders", "Forecast"], on_change="rerun")

with summary:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(load_orders(region), hide_index=True)
if forecast.open or "prediction" in st.session_state:
    st.session_state.prediction = fit_forecast(region)
    with forecast:
        st.line_chart(st.session_state.prediction)
