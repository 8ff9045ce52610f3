import pandas as pd
import streamlit as st

import speedlit


@st.cache_data
def region_summary(region, measure):
    speedlit.slow("region_summary", 1.2)
    sales = pd.read_csv("sales.csv", parse_dates=["date"])
    picked = sales[sales["region"] == region]
    month = picked["date"].dt.strftime("%Y-%m").rename("month")
    totals = picked.groupby([month, "product"])[measure].sum().reset_index()
    return totals.pivot(index="month", columns="product", values=measure)


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

table = region_summary(region, measure)
st.metric(f"Total {measure} in {region}", f"{table.to_numpy().sum():,.0f}")
st.dataframe(table)
