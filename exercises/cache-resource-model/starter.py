import numpy as np
import pandas as pd
import streamlit as st

import speedlit


class TrendModel:
    """A stand-in for a model that is slow to train and quick to use."""

    def __init__(self, sales):
        speedlit.slow("train_model", 2.0)  # stands in for fitting a real model
        monthly = sales.groupby(["region", "product", sales["date"].dt.month])["units"].sum()
        self.fits = {pair: np.polyfit(np.arange(len(units)), units.to_numpy(), 1)
                     for pair, units in monthly.groupby(level=[0, 1])}

    def predict(self, region, product, months_ahead):
        slope, intercept = self.fits[region, product]
        return max(0, round(intercept + slope * (3 + months_ahead)))


def load_sales():
    speedlit.slow("load_sales", 1.0)  # stands in for a big file on a slow disk
    return pd.read_csv("sales.csv", parse_dates=["date"])


def train_model(sales):
    return TrendModel(sales)


st.title("Units forecast")
sales = load_sales()
model = train_model(sales)

region = st.selectbox("Region", sorted(sales["region"].unique()))
product = st.selectbox("Product", sorted(sales["product"].unique()))
months = st.slider("Months ahead", 1, 6, 1)

st.metric("Forecast", f"{model.predict(region, product, months)} units")
st.caption(f"{product} in {region}, {months} month(s) after April")
