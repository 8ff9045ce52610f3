import streamlit as st

import speedlit


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


def go_to(step):
    st.session_state.step = step


if "step" not in st.session_state:
    st.session_state.step = 1

plans = fetch_plans()
st.title("Join the book club")
step = st.session_state.step
st.caption(f"Step {step} of 3")

if step == 1:
    # persist_state keeps the value while the widget is not drawn (Streamlit 1.67)
    st.text_input("Your name", key="name", persist_state="session")
    st.button("Next", on_click=go_to, args=(2,))
elif step == 2:
    st.radio("Plan", list(plans), key="plan", persist_state="session",
             captions=[f"€{price} a month" for price in plans.values()])
    back, forward = st.columns(2)
    back.button("Back", on_click=go_to, args=(1,))
    forward.button("Next", on_click=go_to, args=(3,))
else:
    name = st.session_state.get("name", "")
    plan = st.session_state.get("plan", "Reader")
    st.write(f"{name} joins on the {plan} plan.")
    st.metric("Monthly price", f"€{plans[plan]}")
    st.button("Back", on_click=go_to, args=(2,))
