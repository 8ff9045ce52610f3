# wrong: the columns were dropped; the placeholders and metrics now stand one under the other in the main page instead of side by side.
# task: 2
# expect-check: Each result stands where its “Calculating…” was; the page looks as before
# expect-message: the reference shows a row of 3 columns here
import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


st.title("Delivery estimates")
warehouse = st.selectbox("Warehouse", WAREHOUSES)
parcels = st.slider("Parcels", 10, 200, 50, step=10)

for route in ROUTES:
    slot = st.empty()
    slot.caption("Calculating…")
    hours = estimate(warehouse, route, parcels)
    slot.metric(f"Route {route}", f"{hours:.1f} h")

st.caption("Estimates include loading time at the warehouse.")
