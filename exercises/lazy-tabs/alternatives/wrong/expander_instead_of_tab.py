# wrong: the forecast moved into a lazy expander under the Orders tab, so the Forecast tab is gone; the task says to keep the three tabs.
# task: 1
# expect-check: The forecast is fitted only while its tab is open
# expect-message: no tab labelled 'Forecast'
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)  # quick: twelve weeks of orders


def fit_forecast(region):
    return speedlit.demand_forecast(region)  # 2 s: fitting a demand model


st.title("Store performance")
region = st.selectbox("Region", REGIONS)
summary, orders = st.tabs(["Summary", "Orders"])

with summary:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with orders:
    st.dataframe(load_orders(region), hide_index=True)
    more = st.expander("Forecast", on_change="rerun")
    if more.open:
        with more:
            st.line_chart(fit_forecast(region))
