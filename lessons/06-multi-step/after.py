import streamlit as st

import speedlit

SERVICES = {"Standard": 4.90, "Express": 12.50, "Overnight": 24.00}
DETAILS = {"weight": 2.0, "service": "Standard", "country": "France"}


def fetch_rates():
    return speedlit.shipping_rates()  # 0.8 s: a live call to the carrier's price API


rates = fetch_rates()
if "step" not in st.session_state:
    st.session_state.update(DETAILS, step=1)
st.title("Ship a parcel")

if st.session_state.step == 1:
    st.subheader("Step 1 of 2: details")
    with st.form("details"):  # edits stay in the browser until "Next" is pressed
        st.number_input("Weight (kg)", 0.5, 30.0, step=0.5, key="weight")
        st.radio("Service", list(SERVICES), key="service")
        st.selectbox("Destination", list(rates), key="country")
        submitted = st.form_submit_button("Next")
    if submitted:
        # A widget's key leaves session state once the widget is not drawn: copy the values out.
        st.session_state.order = {name: st.session_state[name] for name in DETAILS}
        st.session_state.step = 2
        st.rerun()
else:
    order = st.session_state.order
    st.subheader("Step 2 of 2: review")
    price = SERVICES[order["service"]] * rates[order["country"]] * order["weight"]
    st.metric("Price", f"€{price:.2f}")
    st.write(f"{order['weight']} kg by {order['service']} to {order['country']}")
    if st.button("Back"):
        st.session_state.update(order, step=1)  # refill the step-1 widgets
        st.rerun()
