import streamlit as st

import speedlit


@st.cache_data()
def sales_data():
    return speedlit.read_sales()


@st.cache_resource()
def demand_model():
    return speedlit.train_model()


def options(frame, column):
    return sorted(frame[column].unique())


def main():
    st.title("Units forecast")
    sales = sales_data()
    model = demand_model()

    region = st.selectbox("Region", options(sales, "region"))
    product = st.selectbox("Product", options(sales, "product"))
    months = st.slider("Months ahead", 1, 6, 1)

    st.metric("Forecast", f"{model.predict(region, product, months)} units")
    st.caption(f"{product} in {region}, {months} month(s) after April")


main()
