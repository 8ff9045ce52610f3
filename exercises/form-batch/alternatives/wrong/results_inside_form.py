# wrong: the query and its results were put inside the `with st.form` block (above the submit button), so the metric and table are drawn inside the form box instead of below it; keep the results outside the form.
# task: 3
# expect-check: The results follow every submitted filter; the page is the same
# expect-message: (in a form); your app shows a metric
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
    result = run_query(region, products, min_units)
    st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
    st.dataframe(result, hide_index=True)
    st.form_submit_button("Run query")
