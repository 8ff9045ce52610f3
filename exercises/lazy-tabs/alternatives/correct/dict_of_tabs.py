import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]
TABS = ["Summary", "Orders", "Forecast"]


def load_orders(region):
    return speedlit.weekly_orders(region)  # quick: twelve weeks of orders


def fit_forecast(region):
    return speedlit.demand_forecast(region)  # 2 s: fitting a demand model


st.title("Store performance")
region = st.selectbox("Region", REGIONS, key="region", persist_state="session")
tab = dict(zip(TABS, st.tabs(TABS, on_change="rerun", default="Summary")))

with tab["Summary"]:
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))
with tab["Orders"]:
    st.dataframe(load_orders(region), hide_index=True)
if tab["Forecast"].open is True:
    with tab["Forecast"]:
        st.line_chart(fit_forecast(region))
