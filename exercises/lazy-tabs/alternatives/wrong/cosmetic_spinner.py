# wrong: only cosmetic changes (a spinner and renamed variables); plain tabs still run the forecast on every rerun, whichever tab is open.
# task: 1
# expect-check: The forecast is fitted only while its tab is open
# expect-message: A plain `st.tabs` runs the code of every tab
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)  # quick: twelve weeks of orders


def fit_forecast(region):
    return speedlit.demand_forecast(region)  # 2 s: fitting a demand model


st.title("Store performance")
region = st.selectbox("Region", REGIONS)
tab_summary, tab_orders, tab_forecast = st.tabs(["Summary", "Orders", "Forecast"])

with tab_summary:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with tab_orders:
    st.dataframe(load_orders(region), hide_index=True)
with tab_forecast:
    with st.spinner("Fitting the forecast…"):
        st.line_chart(fit_forecast(region))
