import streamlit as st

import speedlit


def read_file():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


def fit():
    return speedlit.train_model()  # 2 s: trains a demand model on all the history


@st.cache_data
def sales_table():
    return read_file()


@st.cache_resource
def shared_model():
    return fit()


st.title("Units forecast")
sales = sales_table()
model = shared_model()

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
