import numpy as np
import pandas as pd
import streamlit as st

import speedlit


def run_forecast(region, weeks):
    speedlit.slow("run_forecast", 1.5)  # stands in for fitting a model to this region's history
    rng = np.random.default_rng(["North", "South", "East", "West"].index(region))
    history = 100 + rng.normal(0, 5, 52).cumsum()
    trend = (history[-1] - history[-13]) / 12
    future = history[-1] + trend * np.arange(1, weeks + 1)
    return pd.DataFrame({"sales": np.r_[history, future]}, index=pd.RangeIndex(1, 53 + weeks, name="week"))


st.title("Sales forecast")
region = st.selectbox("Region", ["North", "South", "East", "West"])
weeks = st.slider("Weeks ahead", 4, 26, 12)
smooth = st.toggle("Smooth the line")
show_table = st.checkbox("Show the numbers")

inputs = (region, weeks)
if st.session_state.get("forecast_inputs") != inputs:  # recompute only when the inputs change
    st.session_state.forecast = run_forecast(region, weeks)
    st.session_state.forecast_inputs = inputs
forecast = st.session_state.forecast

chart = forecast.rolling(4, min_periods=1).mean() if smooth else forecast
st.line_chart(chart)
if show_table:
    st.dataframe(forecast.tail(weeks))
