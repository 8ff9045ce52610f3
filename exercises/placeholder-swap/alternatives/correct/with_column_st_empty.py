import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

cols = st.columns(3)
for i, route in enumerate(ROUTES):
    with cols[i]:
        placeholder = st.empty()
        placeholder.caption("Calculating…")
        result = estimate(warehouse, route, parcels)
        placeholder.metric(f"Route {route}", f"{result:.1f} h")

st.caption("Estimates include loading time at the warehouse.")
