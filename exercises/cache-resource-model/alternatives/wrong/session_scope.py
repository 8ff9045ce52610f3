# wrong: st.cache_resource(scope="session") gives every browser tab its own model, so the second tab trains it again; the model must be shared by the whole server (default global scope).
# task: 1
# expect-check: The model is built once for all sessions
# expect-message: keeps the model in a cache with `scope="session"`
import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_resource(scope="session")
def load_model():
    return speedlit.train_model()  # 2 s: trains a demand model on all the history


st.title("Units forecast")
sales = load_sales()
model = load_model()

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
