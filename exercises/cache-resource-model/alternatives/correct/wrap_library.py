import streamlit as st

import speedlit

# cache the library functions directly
read_sales = st.cache_data(speedlit.read_sales)
train_model = st.cache_resource(speedlit.train_model)

st.title("Units forecast")
sales = read_sales()
model = train_model()

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
