# wrong: the model is never trained; the forecast is faked from the average units in the sales table, so the numbers are not the model's forecast.
# task: 3
# expect-check: The model is built once for all sessions
# expect-message: never trains the model
import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Units forecast")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

rows = sales[(sales["region"] == region) & (sales["product"] == product)]
guess = round(rows["units"].mean() * 30 * (1 + 0.02 * months))
st.metric("Forecast", f"{guess} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
