# wrong: the note "Estimates include loading time at the warehouse." at the bottom was dropped along the way.
# task: 2
# expect-check: Each result stands where its “Calculating…” was; the page looks as before
# expect-message: your app is missing a caption
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
    slot.metric(f"Route {route}", f"{estimate(warehouse, route, parcels):.1f} h")
