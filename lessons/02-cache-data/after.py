import numpy as np
import pandas as pd
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


@st.cache_data
def load_sales(year):
    speedlit.slow("load_sales", 1.5)  # stands in for a slow database query
    rng = np.random.default_rng(year)
    n = 3000
    return pd.DataFrame({
        "region": rng.choice(REGIONS, n),
        "product": rng.choice(["Tea", "Coffee", "Cocoa"], n),
        "revenue": rng.gamma(2.0, 150.0, n).round(2),
    })


st.title("Sales explorer")
year = st.selectbox("Year", [2025, 2024, 2023])
sales = load_sales(year)

region = st.selectbox("Region", REGIONS)
rows = st.slider("Rows", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
