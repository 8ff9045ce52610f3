# wrong: the query runs only under `if submitted:`, so the page opens with no results and a plain rerun loses them; run the query below the form, outside any if.
# task: 3
# expect-check: The results follow every submitted filter; the page is the same
# expect-message: The query and its results live only in the run that the submit button starts
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

if submitted:
    result = run_query(region, products, min_units)
    st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
    st.dataframe(result, hide_index=True)
