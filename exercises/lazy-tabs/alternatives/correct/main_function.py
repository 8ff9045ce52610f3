import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_orders(region):
    return speedlit.weekly_orders(region)  # quick: twelve weeks of orders


def fit_forecast(region):
    return speedlit.demand_forecast(region)  # 2 s: fitting a demand model


def show_summary(region):
    history = load_orders(region)
    st.metric("Orders, last 12 weeks", f"{history['orders'].sum():,}")
    st.metric("Best week", int(history.loc[history["orders"].idxmax(), "week"]))


def show_orders(region):
    st.dataframe(load_orders(region), hide_index=True)


def show_forecast(region):
    st.line_chart(fit_forecast(region))


def main():
    st.title("Store performance")
    region = st.selectbox("Region", REGIONS)
    tabs = st.tabs(["Summary", "Orders", "Forecast"], on_change="rerun")
    for tab, render in zip(tabs, [show_summary, show_orders, show_forecast]):
        if tab.open:
            with tab:
                render(region)


main()
