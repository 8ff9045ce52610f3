# wrong: cheat: the model is never trained and the forecast is a straight-line extrapolation of past units, so the Forecast tab shows made-up numbers.
# task: 2
# expect-check: The model is trained once, for both visitors
# expect-message: ran not at all over the 15 steps
import pandas as pd
import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


def fake_forecast(sales, region, weeks):
    weekly = sales[sales["region"] == region].groupby(pd.to_datetime(sales["date"]).dt.isocalendar().week)["units"].sum()
    last, step = weekly.iloc[-1], weekly.diff().mean()
    return pd.DataFrame({"units": [round(last + step * k, 1) for k in range(1, weeks + 1)]},
                        index=pd.Index(range(1, weeks + 1), name="week"))


def live_orders():
    return speedlit.orders_last_hour()  # 0.3 s: the live order table (changes all the time)


@st.fragment(run_every=10)
def right_now():
    st.subheader("Right now")
    st.metric("Orders in the last hour", live_orders())
    st.button("Refresh orders")


st.title("Sales dashboard")
sales = load_sales()

region = st.sidebar.selectbox("Region", sorted(sales["region"].unique()))
products = st.sidebar.multiselect("Products", ["Cocoa", "Coffee", "Tea"], ["Cocoa", "Coffee", "Tea"])
weeks = st.sidebar.slider("Weeks ahead", 4, 12, 8)
picked = sales[(sales["region"] == region) & sales["product"].isin(products)]

overview, forecast, data = st.tabs(["Overview", "Forecast", "Data"], on_change="rerun")
with overview:
    st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
    st.bar_chart(picked.groupby("product")["revenue"].sum())
if forecast.open:
    with forecast:
        st.line_chart(fake_forecast(sales, region, weeks))  # no need to train anything
with data:
    st.dataframe(picked.tail(20), hide_index=True)

right_now()
