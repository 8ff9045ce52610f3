import streamlit as st

import speedlit

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]


def run_query(region, products, min_units):
    # 1.2 s: a heavy query on the sales warehouse
    return speedlit.query_sales(region, products, min_units)


def filters():
    """The filter widgets, batched: nothing reruns until "Run query" is pressed."""
    with st.form("filters"):
        region = st.selectbox("Region", REGIONS)
        products = st.multiselect("Products", PRODUCTS, default=PRODUCTS)
        min_units = st.slider("Minimum units per day", 0, 50, 0)
        st.form_submit_button("Run query")
    return region, products, min_units


def show(result):
    st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
    st.dataframe(result, hide_index=True)


def main():
    st.title("Sales query")
    show(run_query(*filters()))


main()
