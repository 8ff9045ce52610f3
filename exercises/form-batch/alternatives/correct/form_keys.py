import streamlit as st

import speedlit

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]


def run_query(region, products, min_units):
    # 1.2 s: a heavy query on the sales warehouse
    return speedlit.query_sales(region, products, min_units)


st.title("Sales query")

with st.form(key="filters"):
    st.selectbox("Region", REGIONS, key="region")
    st.multiselect("Products", PRODUCTS, default=PRODUCTS, key="products")
    st.slider("Minimum units per day", 0, 50, 0, key="min_units")
    st.form_submit_button("Run query")

ss = st.session_state
result = run_query(ss.region, ss.products, ss.min_units)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
