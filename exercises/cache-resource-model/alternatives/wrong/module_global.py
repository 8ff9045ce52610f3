# wrong: a module-level "cache" variable in the app script is reset on every rerun (the script runs from the top), so the model is trained every time; use st.cache_resource.
# task: 1
# expect-check: The model is built once for all sessions
# expect-message: reset at the top of every run
import streamlit as st

import speedlit

_MODEL = None


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


def load_model():
    global _MODEL
    if _MODEL is None:
        _MODEL = speedlit.train_model()  # 2 s: trains a demand model on all the history
    return _MODEL


st.title("Units forecast")
sales = load_sales()
model = load_model()

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
