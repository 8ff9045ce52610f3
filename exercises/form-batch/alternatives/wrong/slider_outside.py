# wrong: the "Minimum units per day" slider was left outside the form, so changing it still reruns the script and runs the query; put every filter inside the form.
# task: 1
# expect-check: Changing the filters runs the query zero times
# expect-message: The filter 'Minimum units per day' is outside the form
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
    st.form_submit_button("Run query")
min_units = st.slider("Minimum units per day", 0, 50, 0)

result = run_query(region, products, min_units)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
