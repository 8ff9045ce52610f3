# wrong: st.cache_resource sits on a function keyed by region, product and months that trains inside, so every new choice trains the model again; cache the function that only trains.
# task: 1
# expect-check: The model is built once for all sessions
# expect-message: every new choice is a new cache entry
import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_resource
def forecast(region, product, months):
    model = speedlit.train_model()  # 2 s: trains a demand model on all the history
    return model.predict(region, product, months)


st.title("Units forecast")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{forecast(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
