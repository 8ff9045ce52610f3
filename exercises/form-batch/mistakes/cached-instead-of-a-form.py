import streamlit as st

import speedlit

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]


@st.cache_data  # the same filters again: no query
def run_query(region, products, min_units):
    return speedlit.query_sales(region, products, min_units)


st.title("Sales query")

region = st.selectbox("Region", REGIONS)
products = st.multiselect("Products", PRODUCTS, default=PRODUCTS)
min_units = st.slider("Minimum units per day", 0, 50, 0)
st.button("Run query")

result = run_query(region, products, min_units)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
