# wrong: the live panel is a fragment but has no run_every, so it only refreshes when someone clicks Refresh orders.
# task: 4
# expect-check: The live panel refreshes itself every 5 to 10 seconds, alone
# expect-message: A plain `@st.fragment` reruns only when a widget inside it is used
import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_resource
def load_model():
    return speedlit.train_model()  # 2 s: trains the demand model on all the history


def live_orders():
    return speedlit.orders_last_hour()  # 0.3 s: the live order table (changes all the time)


@st.fragment
def right_now():
    st.subheader("Right now")
    st.metric("Orders in the last hour", live_orders())
    st.button("Refresh orders")


st.title("Sales dashboard")
sales = load_sales()
model = load_model()

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
        st.line_chart(model.forecast(region, weeks))  # 1 s: runs the model
with data:
    st.dataframe(picked.tail(20), hide_index=True)

right_now()
