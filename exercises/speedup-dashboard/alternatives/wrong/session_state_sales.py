# wrong: the sales DataFrame is kept in st.session_state instead of st.cache_data, so each visitor reads the file again (twice in total) and the data cache is not used.
# task: 1
# expect-check: The sales data is loaded once, for both visitors
# expect-message: the second visitor starts with an empty one and reads the file again
import streamlit as st

import speedlit


def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_resource
def load_model():
    return speedlit.train_model()  # 2 s: trains the demand model on all the history


def live_orders():
    return speedlit.orders_last_hour()  # 0.3 s: the live order table (changes all the time)


@st.fragment(run_every=10)
def right_now():
    st.subheader("Right now")
    st.metric("Orders in the last hour", live_orders())
    st.button("Refresh orders")


st.title("Sales dashboard")
if "sales" not in st.session_state:
    st.session_state.sales = load_sales()
sales = st.session_state.sales
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
