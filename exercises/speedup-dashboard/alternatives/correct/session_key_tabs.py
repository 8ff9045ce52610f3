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


st.title("Sales dashboard")
sales = load_sales()
model = load_model()

region = st.sidebar.selectbox("Region", sorted(sales["region"].unique()))
products = st.sidebar.multiselect("Products", ["Cocoa", "Coffee", "Tea"], ["Cocoa", "Coffee", "Tea"])
weeks = st.sidebar.slider("Weeks ahead", 4, 12, 8)
picked = sales[(sales["region"] == region) & sales["product"].isin(products)]

overview, forecast, data = st.tabs(["Overview", "Forecast", "Data"], key="tab", on_change="rerun")
with overview:
    st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
    st.bar_chart(picked.groupby("product")["revenue"].sum())
if st.session_state.tab == "Forecast":
    with forecast:
        st.line_chart(model.forecast(region, weeks))  # 1 s: runs the model
with data:
    st.dataframe(picked.tail(20), hide_index=True)


@st.fragment(run_every=5.5)
def right_now():
    st.subheader("Right now")
    st.metric("Orders in the last hour", live_orders())
    st.button("Refresh orders")


right_now()
