import streamlit as st

import speedlit

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]


def run_query(region, products, min_units):
    # 1.2 s: a heavy query on the sales warehouse
    return speedlit.query_sales(region, products, min_units)


st.title("Sales query")

region = st.selectbox("Region", REGIONS, on_change="ignore")
products = st.multiselect("Products", PRODUCTS, default=PRODUCTS, on_change="ignore")
min_units = st.slider("Minimum units per day", 0, 50, 0)
st.button("Run query")

result = run_query(region, products, min_units)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
