import streamlit as st

import speedlit


def run_forecast(region, weeks):
    return speedlit.sales_forecast(region, weeks)  # 1.5 s: fits a model to the region's history


st.title("Sales forecast")
region = st.selectbox("Region", ["North", "South", "East", "West"])
weeks = st.slider("Weeks ahead", 4, 26, 12)
smooth = st.toggle("Smooth the line")
show_table = st.checkbox("Show the numbers")

forecast = run_forecast(region, weeks)

chart = forecast.rolling(4, min_periods=1).mean() if smooth else forecast
st.line_chart(chart)
if show_table:
    st.dataframe(forecast.tail(weeks))
