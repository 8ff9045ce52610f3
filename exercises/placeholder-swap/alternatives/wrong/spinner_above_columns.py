# wrong: one spinner above the columns covers all three estimates, so no column says it is waiting; the message should stand in the column of the route being estimated.
# task: 1
# expect-check: The “Calculating…” stands in the routes' columns
# expect-message: no column said “Calculating…”
import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

with st.spinner("Calculating…"):
    hours = {route: estimate(warehouse, route, parcels) for route in ROUTES}
for column, route in zip(st.columns(3), ROUTES):
    column.metric(f"Route {route}", f"{hours[route]:.1f} h")

st.caption("Estimates include loading time at the warehouse.")
