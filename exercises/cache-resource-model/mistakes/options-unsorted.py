import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_resource
def load_model():
    return speedlit.train_model()  # 2 s: trains a demand model on all the history


st.title("Units forecast")
sales = load_sales()
model = load_model()

region = st.selectbox("Region", list(sales["region"].unique()))
product = st.selectbox("Product", list(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
