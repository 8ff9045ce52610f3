import streamlit as st

import speedlit

PRODUCTS = ["Cocoa", "Coffee", "Tea"]


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_resource
def load_model():
    return speedlit.train_model()  # 2 s: trains the demand model on all the history


def live_orders():
    return speedlit.orders_last_hour()  # 0.3 s: the live order table (changes all the time)


def select(sales, region, products):
    return sales[(sales["region"] == region) & sales["product"].isin(products)]


st.title("Sales dashboard")
sales = load_sales()
model = load_model()

with st.sidebar:
    region = st.selectbox("Region", sorted(sales["region"].unique()))
    products = st.multiselect("Products", PRODUCTS, PRODUCTS)
    weeks = st.slider("Weeks ahead", 4, 12, 8)
picked = select(sales, region, products)

overview, forecast, data = st.tabs(["Overview", "Forecast", "Data"], on_change="rerun")
with overview:
    st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
    st.bar_chart(picked.groupby("product")["revenue"].sum())
with forecast:
    if forecast.open is True:
        prediction = model.forecast(region, weeks)  # 1 s: runs the model
        st.line_chart(prediction)
with data:
    st.dataframe(picked.tail(20), hide_index=True)

panel = st.container()


@st.fragment(run_every="10s")
def refresh_panel():
    with panel:
        st.subheader("Right now")
        st.metric("Orders in the last hour", live_orders())
        st.button("Refresh orders")


refresh_panel()
