import streamlit as st

import speedlit


@st.cache_data
def load_sales(path="sales.csv"):
    return speedlit.read_sales()


@st.cache_resource
def load_model(_sales_version="v1"):
    return speedlit.train_model()


st.title("Units forecast")
sales = load_sales()
model = load_model()

regions = sorted(sales["region"].unique())
products = sorted(sales["product"].unique())

region = st.selectbox("Region", regions)
product = st.selectbox("Product", products)
months = st.slider("Months ahead", 1, 6, 1)

prediction = model.predict(region, product, months)
st.metric("Forecast", f"{prediction} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
