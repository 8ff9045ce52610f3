import streamlit as st

import speedlit

shared = st.cache_resource   # one object for every session
copied = st.cache_data       # a fresh copy for every caller


@copied
def load_sales():
    return speedlit.read_sales()


@shared
def load_model():
    return speedlit.train_model()


st.title("Units forecast")
sales = load_sales()
model = load_model()

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
