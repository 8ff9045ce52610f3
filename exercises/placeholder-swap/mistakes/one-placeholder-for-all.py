import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

slot = st.empty()
for column, route in zip(st.columns(3), ROUTES):
    slot.caption("Calculating…")
    hours = estimate(warehouse, route, parcels)
    slot.metric(f"Route {route}", f"{hours:.1f} h")

st.caption("Estimates include loading time at the warehouse.")
