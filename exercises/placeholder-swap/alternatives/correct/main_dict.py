import streamlit as st

import speedlit

WAREHOUSES = ["Leipzig", "Hamburg", "Munich"]
ROUTES = ["North", "Centre", "South"]
WAITING = "Calculating…"


def estimate(warehouse, route, parcels):
    return speedlit.delivery_estimate(warehouse, route, parcels)  # 0.8 s: asks the routing service


def main():
    st.title("Delivery estimates")
    warehouse = st.selectbox("Warehouse", WAREHOUSES)
    parcels = st.slider("Parcels", 10, 200, 50, step=10)

    columns = dict(zip(ROUTES, st.columns(3)))
    for route, column in columns.items():
        with column:
            box = st.empty()
        box.caption(WAITING)
        box.metric(label=f"Route {route}", value=f"{estimate(warehouse, route, parcels):.1f} h")

    st.caption("Estimates include loading time at the warehouse.")


main()
