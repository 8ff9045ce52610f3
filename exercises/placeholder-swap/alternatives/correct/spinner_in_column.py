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
    with column:
        with st.spinner("Calculating…"):  # shown in the column while the route is estimated
            hours = estimate(warehouse, route, parcels)
        st.metric(f"Route {route}", f"{hours:.1f} h")  # takes the spinner's place

st.caption("Estimates include loading time at the warehouse.")
