import pandas as pd
import streamlit as st

import speedlit

PRODUCTS = ["Cocoa", "Coffee", "Tea"]


@st.cache_data
def load_sales():
    return pd.read_csv("sales.csv", parse_dates=["date"])


@st.cache_data  # the same filters again: no query
def run_query(sales, region, products, min_units):
    speedlit.slow("query", 1.2)  # stands in for a heavy query on the sales warehouse
    picked = sales[(sales["region"] == region) & sales["product"].isin(products)
                   & (sales["units"] >= min_units)]
    return picked.groupby("product", as_index=False)[["units", "revenue"]].sum()


st.title("Sales query")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
products = st.multiselect("Products", PRODUCTS, default=PRODUCTS)
min_units = st.slider("Minimum units per day", 0, 50, 0)
st.button("Run query")

result = run_query(sales, region, products, min_units)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
