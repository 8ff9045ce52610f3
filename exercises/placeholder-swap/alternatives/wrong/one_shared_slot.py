# wrong: a single st.empty() is shared by all three routes, so each result replaces the previous one and only the last route is left, outside the columns.
# task: 2
# expect-check: The “Calculating…” stands in the routes' columns
# expect-message: only the last route is left
import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

columns = st.columns(3)
slot = st.empty()
for column, route in zip(columns, ROUTES):
    slot.caption("Calculating…")
    hours = estimate(warehouse, route, parcels)
    slot.metric(f"Route {route}", f"{hours:.1f} h")

st.caption("Estimates include loading time at the warehouse.")
