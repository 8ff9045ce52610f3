# wrong: the model is cached with st.cache_data, which pickles it and hands every rerun a new copy; it should be shared as one object with st.cache_resource.
# task: 1
# expect-check: The model is shared with st.cache_resource
# expect-message: pickles what the function returns
import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_data
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
