# wrong: the slow query was deleted and made-up numbers are shown instead, so the revenue and table are not the warehouse's answer; keep calling speedlit.query_sales once per submit.
# task: 2
# expect-check: Submitting runs the query exactly once
# expect-message: ran the query not at all
import pandas as pd
import streamlit as st

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]
PRICE = {"Cocoa": 4.0, "Coffee": 6.5, "Tea": 3.0}

st.title("Sales query")

with st.form("filters"):
    region = st.selectbox("Region", REGIONS)
    products = st.multiselect("Products", PRODUCTS, default=PRODUCTS)
    min_units = st.slider("Minimum units per day", 0, 50, 0)
    st.form_submit_button("Run query")

units = [max(0, 1200 - 10 * min_units) for _ in products]
result = pd.DataFrame({"product": products, "units": units,
                       "revenue": [u * PRICE[p] for u, p in zip(units, products)]})
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
