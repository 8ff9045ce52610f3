import streamlit as st
from streamlit import cache_data, cache_resource

import speedlit


@cache_data
def get_sales_table():
    return speedlit.read_sales()


@cache_resource
def get_demand_model():
    return speedlit.train_model()


st.title("Units forecast")
df = get_sales_table()
demand_model = get_demand_model()

region = st.selectbox("Region", sorted(df["region"].unique()))
product = st.selectbox("Product", sorted(df["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

units = demand_model.predict(region, product, months)
st.metric("Forecast", f"{units} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
