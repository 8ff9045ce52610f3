# wrong: the model is wrapped with st.cache_data in call form, so every rerun unpickles a fresh copy of it; a model is shared as one object with st.cache_resource.
# task: 1
# expect-check: The model is shared with st.cache_resource
# expect-message: pickles what the function returns
import streamlit as st

import speedlit


def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


def load_model():
    return speedlit.train_model()  # 2 s: trains a demand model on all the history


load_sales = st.cache_data(load_sales)
load_model = st.cache_data(show_spinner=False)(load_model)

st.title("Units forecast")
sales = load_sales()
model = load_model()

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
