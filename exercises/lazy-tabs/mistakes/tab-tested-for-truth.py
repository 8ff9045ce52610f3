import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)


def fit_forecast(region):
    return speedlit.demand_forecast(region)


st.title("Store performance")
region = st.selectbox("Region", REGIONS)
tabs = st.tabs(["Summary", "Orders", "Forecast"], on_change="rerun")

with tabs[0]:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with tabs[1]:
    st.dataframe(load_orders(region), hide_index=True)
if tabs[2]:
    with tabs[2]:
        st.line_chart(fit_forecast(region))
