# wrong: only the helper was renamed and a comment added; every filter change still reruns the script and runs the slow query. Put the filters in st.form with a submit button.
# task: 1
# expect-check: Changing the filters runs the query zero times
# expect-message: Each filter change reruns the whole script
import streamlit as st

import speedlit

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]


def fetch_sales(region, products, min_units):
    """Ask the sales warehouse (slow)."""
    return speedlit.query_sales(region, products, min_units)


st.title("Sales query")

# filters
region = st.selectbox("Region", REGIONS)
products = st.multiselect("Products", PRODUCTS, default=PRODUCTS)
min_units = st.slider("Minimum units per day", 0, 50, 0)
st.button("Run query")

result = fetch_sales(region, products, min_units)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
