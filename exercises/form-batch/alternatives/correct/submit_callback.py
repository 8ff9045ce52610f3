import streamlit as st

import speedlit

REGIONS = ["East", "North", "South", "West"]
PRODUCTS = ["Cocoa", "Coffee", "Tea"]
DEFAULTS = {"region": REGIONS[0], "products": PRODUCTS, "min_units": 0}


def run_query(region, products, min_units):
    # 1.2 s: a heavy query on the sales warehouse
    return speedlit.query_sales(region, products, min_units)


def apply_filters():
    st.session_state.applied = {
        "region": st.session_state.f_region,
        "products": st.session_state.f_products,
        "min_units": st.session_state.f_min_units,
    }


st.session_state.setdefault("applied", DEFAULTS)
st.title("Sales query")

with st.form("filters"):
    st.selectbox("Region", REGIONS, key="f_region")
    st.multiselect("Products", PRODUCTS, default=PRODUCTS, key="f_products")
    st.slider("Minimum units per day", 0, 50, 0, key="f_min_units")
    st.form_submit_button("Run query", on_click=apply_filters)

result = run_query(**st.session_state.applied)
st.metric("Revenue", f"{result['revenue'].sum():,.0f}")
st.dataframe(result, hide_index=True)
