# wrong: crash — the plain st.button("Run query") was moved inside the form, which Streamlit forbids (StreamlitInvalidLayoutContextError / missing submit button); use st.form_submit_button inside a form.
# task: 2
# expect-message: can't be used in an `st.form()`
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
    st.button("Run query")

result = run_query(region, products, min_units)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
