from datetime import timedelta

import streamlit as st

import speedlit

PRODUCTS = ["Cocoa", "Coffee", "Tea"]


@st.cache_data(show_spinner=False, ttl="1h")
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_resource(show_spinner="Training the model…")
def load_model():
    return speedlit.train_model()  # 2 s: trains the demand model on all the history


def live_orders():
    return speedlit.orders_last_hour()  # 0.3 s: the live order table (changes all the time)


@st.fragment(run_every=timedelta(seconds=7))
def live():
    st.subheader("Right now")
    st.metric("Orders in the last hour", live_orders())
    if st.button("Refresh orders"):
        st.rerun(scope="fragment")


def sidebar_filters(sales):
    region = st.sidebar.selectbox("Region", sorted(sales["region"].unique()))
    products = st.sidebar.multiselect("Products", PRODUCTS, PRODUCTS)
    weeks = st.sidebar.slider("Weeks ahead", 4, 12, 8)
    return region, products, weeks


def main():
    st.title("Sales dashboard")
    sales = load_sales()
    model = load_model()
    region, products, weeks = sidebar_filters(sales)
    picked = sales[(sales["region"] == region) & sales["product"].isin(products)]

    tabs = st.tabs(["Overview", "Forecast", "Data"], on_change="rerun")
    with tabs[0]:
        st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
        st.bar_chart(picked.groupby("product")["revenue"].sum())
    with tabs[1]:
        if tabs[1].open:
            st.line_chart(model.forecast(region, weeks))  # 1 s: runs the model
    with tabs[2]:
        st.dataframe(picked.tail(20), hide_index=True)

    live()


main()
