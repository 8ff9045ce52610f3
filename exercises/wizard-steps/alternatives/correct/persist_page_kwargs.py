import streamlit as st

import speedlit


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


def set_step(*, to):
    st.session_state["step"] = to


st.session_state.setdefault("step", 1)

plans = fetch_plans()
st.title("Join the book club")
step = st.session_state["step"]
st.caption(f"Step {step} of 3")

if step == 1:
    st.text_input("Your name", key="name", persist_state="page")
    st.button("Next", on_click=set_step, kwargs={"to": 2})
elif step == 2:
    st.radio("Plan", list(plans), key="plan", persist_state="page",
             captions=[f"€{price} a month" for price in plans.values()])
    back, forward = st.columns(2)
    back.button("Back", on_click=set_step, kwargs={"to": 1})
    forward.button("Next", on_click=set_step, kwargs={"to": 3})
else:
    name = st.session_state.get("name", "")
    plan = st.session_state.get("plan", list(plans)[0])
    st.write(f"{name} joins on the {plan} plan.")
    st.metric("Monthly price", f"€{plans[plan]}")
    st.button("Back", on_click=set_step, kwargs={"to": 2})
