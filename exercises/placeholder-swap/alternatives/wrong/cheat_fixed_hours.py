# wrong: cheat: delivery_estimate is never called; the hours are computed from a made-up formula, so the page shows invented numbers.
# task: 2
# expect-check: While a route is estimated, the page says “Calculating…”
# expect-message: `delivery_estimate` never ran
import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

SPEED = {"North": 9.0, "Centre": 7.5, "South": 11.0}
for column, route in zip(st.columns(3), ROUTES):
    slot = column.empty()
    slot.caption("Calculating…")
    hours = SPEED[route] + parcels / 40  # no need to ask the routing service
    slot.metric(f"Route {route}", f"{hours:.1f} h")

st.caption("Estimates include loading time at the warehouse.")
