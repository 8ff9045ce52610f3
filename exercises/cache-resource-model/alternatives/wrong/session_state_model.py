# wrong: the model is kept in st.session_state, so every browser tab trains its own model; it should be built once for the server with st.cache_resource.
# task: 1
# expect-check: The model is built once for all sessions
# expect-message: keeps the model in `st.session_state`
import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


def load_model():
    return speedlit.train_model()  # 2 s: trains a demand model on all the history


st.title("Units forecast")
sales = load_sales()
if "model" not in st.session_state:
    st.session_state.model = load_model()
model = st.session_state.model

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
