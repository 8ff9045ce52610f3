# wrong: the forecast is cached but the tabs are still plain, so it is fitted when the page opens and for every new region even while nobody looks at the Forecast tab.
# task: 1
# expect-check: The forecast is fitted only while its tab is open
# expect-message: still fitted as soon as the page opens
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)  # quick: twelve weeks of orders


@st.cache_data
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
with forecast:
    st.line_chart(fit_forecast(region))
