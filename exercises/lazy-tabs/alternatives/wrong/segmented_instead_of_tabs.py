# wrong: the tabs were replaced by a segmented control, so the forecast is lazy but the page no longer has the three tabs Summary, Orders and Forecast the task says to keep.
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
view = st.segmented_control("View", ["Summary", "Orders", "Forecast"], default="Summary")

if view == "Summary":
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
elif view == "Orders":
    st.dataframe(load_orders(region), hide_index=True)
elif view == "Forecast":
    st.line_chart(fit_forecast(region))
