import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

slots = [column.empty() for column in st.columns(3)]  # one placeholder per route
for slot in slots:
    slot.caption("Calculating…")  # all three say so at once
for slot, route in zip(slots, ROUTES):
    hours = estimate(warehouse, route, parcels)
    slot.metric(f"Route {route}", f"{hours:.1f} h")  # replaces the message in place

st.caption("Estimates include loading time at the warehouse.")
