import numpy as np
import pandas as pd
import streamlit as st

import speedlit


class DemandModel:
    def __init__(self, daily_units):
        self.daily_units = daily_units

    def forecast(self, region, weeks):
        speedlit.slow("forecast", 1.0)  # stands in for running the model
        units = 7 * self.daily_units[region] * 1.03 ** np.arange(1, weeks + 1)
        return pd.DataFrame({"units": units}, index=pd.RangeIndex(1, weeks + 1, name="week"))


@st.cache_data  # data: one load, a fresh copy for every caller
def load_sales():
    speedlit.slow("load_sales", 1.5)  # stands in for a big file on a slow disk
    return pd.read_csv("sales.csv", parse_dates=["date"])


@st.cache_data
def train_model(sales):
    speedlit.slow("train_model", 2.0)  # stands in for training on all the history
    recent = sales[sales["date"] >= "2026-04-01"]
    return DemandModel(recent.groupby("region")["units"].sum() / 30)


def orders_last_hour():
    speedlit.slow("orders_now", 0.3)  # stands in for a query on the live order table
    return 23  # in the real shop this changes from minute to minute


@st.fragment(run_every=10)  # refreshes itself, without rerunning the dashboard
def right_now():
    st.subheader("Right now")
    st.metric("Orders in the last hour", orders_last_hour())
    st.button("Refresh orders")


st.title("Sales dashboard")
sales = load_sales()
model = train_model(sales)

region = st.sidebar.selectbox("Region", sorted(sales["region"].unique()))
products = st.sidebar.multiselect("Products", ["Cocoa", "Coffee", "Tea"], ["Cocoa", "Coffee", "Tea"])
weeks = st.sidebar.slider("Weeks ahead", 4, 12, 8)
picked = sales[(sales["region"] == region) & sales["product"].isin(products)]

overview, forecast, data = st.tabs(["Overview", "Forecast", "Data"], on_change="rerun")
with overview:
    st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
    st.bar_chart(picked.groupby("product")["revenue"].sum())
if forecast.open:  # the model runs only while someone looks at its tab
    with forecast:
        st.line_chart(model.forecast(region, weeks))
with data:
    st.dataframe(picked.tail(20), hide_index=True)

right_now()
