import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


def show_estimate(column, warehouse, route, parcels):
    spot = column.empty()
    spot.caption("Calculating…")
    spot.metric(f"Route {route}", f"{estimate(warehouse, route, parcels):.1f} h")


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

for column, route in zip(st.columns(3), ROUTES):
    show_estimate(column, warehouse, route, parcels)

st.caption("Estimates include loading time at the warehouse.")
