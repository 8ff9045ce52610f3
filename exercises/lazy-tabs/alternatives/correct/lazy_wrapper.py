import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)  # quick: twelve weeks of orders


def fit_forecast(region):
    return speedlit.demand_forecast(region)  # 2 s: fitting a demand model


def when_open(tab, draw, *args):
    """Draw into the tab only if it is the one being looked at."""
    if not tab.open:
        return
    with tab:
        draw(*args)


def summary_view(region):
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))


st.title("Store performance")
region = st.selectbox("Region", REGIONS)
summary, orders, forecast = st.tabs(["Summary", "Orders", "Forecast"], on_change="rerun")

when_open(summary, summary_view, region)
when_open(orders, lambda r: st.dataframe(load_orders(r), hide_index=True), region)
when_open(forecast, lambda r: st.line_chart(fit_forecast(r)), region)
