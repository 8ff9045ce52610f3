# wrong: each route is estimated twice per run (once to check the value, once to show it), doubling the calls to the routing service.
# task: 2
# expect-check: Each route is estimated once per run
# expect-message: ran the routing service 6 times; 3 times is enough
import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

for column, route in zip(st.columns(3), ROUTES):
    slot = column.empty()
    slot.caption("Calculating…")
    if estimate(warehouse, route, parcels) is not None:
        slot.metric(f"Route {route}", f"{estimate(warehouse, route, parcels):.1f} h")

st.caption("Estimates include loading time at the warehouse.")
