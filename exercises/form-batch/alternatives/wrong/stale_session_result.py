# wrong: the result is stored in session state the first time and never recomputed on submit, so after "Run query" the page still shows the results for the default filters.
# task: 2
# expect-check: Submitting runs the query exactly once
# expect-message: ran the query not at all
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
    st.form_submit_button("Run query")

if "result" not in st.session_state:
    st.session_state.result = run_query(region, products, min_units)

result = st.session_state.result
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
