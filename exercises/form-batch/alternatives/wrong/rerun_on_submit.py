# wrong: st.rerun() after the submit makes the whole script, query included, run a second time, so each press of "Run query" queries twice.
# task: 2
# expect-check: Submitting runs the query exactly once
# expect-message: ran the query twice
import streamlit as st

import speedlit

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]


def run_query(region, products, min_units):
    # 1.2 s: a heavy query on the sales warehouse
    return speedlit.query_sales(region, products, min_units)


st.title("Sales query")

with st.form("filters"):
    region = st.selectbox("Region", REGIONS)
    products = st.multiselect("Products", PRODUCTS, default=PRODUCTS)
    min_units = st.slider("Minimum units per day", 0, 50, 0)
    submitted = st.form_submit_button("Run query")

result = run_query(region, products, min_units)
if submitted:
    st.rerun()  # make sure the page shows the new filters
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
