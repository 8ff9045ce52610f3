# wrong: `.open` is used but st.tabs has no on_change="rerun", so `.open` is always None and the Forecast tab stays empty; the grader should say the tabs must track state (on_change="rerun") for `.open` to work.
# task: 2
# expect-check: The forecast is fitted only while its tab is open
# expect-message: `.open` is `None`
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

with summary:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(load_orders(region), hide_index=True)
if forecast.open:
    with forecast:
        st.line_chart(fit_forecast(region))
