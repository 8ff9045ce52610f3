# wrong: st.cache_data only helps when the same filters come back; every new filter value still reruns the script and runs the query. Batch the filters in a form.
# task: 1
# expect-check: Changing the filters runs the query zero times
# expect-message: Caching the query helps only when a combination of filters comes back
import streamlit as st

import speedlit

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]


@st.cache_data
def run_query(region, products, min_units):
    # 1.2 s: a heavy query on the sales warehouse
    return speedlit.query_sales(region, products, min_units)


st.title("Sales query")

region = st.selectbox("Region", REGIONS)
products = st.multiselect("Products", PRODUCTS, default=PRODUCTS)
min_units = st.slider("Minimum units per day", 0, 50, 0)
st.button("Run query")

result = run_query(region, products, min_units)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
