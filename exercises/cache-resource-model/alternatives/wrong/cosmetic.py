# wrong: nothing is cached (only comments and names changed), so the model is trained and the data read on every rerun in every tab; use st.cache_resource for the model and st.cache_data for the data.
# task: 1
# expect-check: The model is built once for all sessions
# expect-message: trained outside any Streamlit cache
import streamlit as st

import speedlit


def load_sales():
    # TODO: make this faster
    return speedlit.read_sales()


def load_model():
    # TODO: make this faster
    return speedlit.train_model()


st.title("Units forecast")
sales_df = load_sales()
demand_model = load_model()

region = st.selectbox("Region", sorted(sales_df["region"].unique()))
product = st.selectbox("Product", sorted(sales_df["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{demand_model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
