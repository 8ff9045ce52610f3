import streamlit as st

import speedlit


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


def leave_step_1():
    st.session_state.saved_name = st.session_state.name_box
    st.session_state.step = 2
    st.session_state.plan_box = st.session_state.saved_plan


def leave_step_2(to):
    st.session_state.saved_plan = st.session_state.plan_box
    st.session_state.step = to
    if to == 1:
        st.session_state.name_box = st.session_state.saved_name


def back_to_2():
    st.session_state.step = 2
    st.session_state.plan_box = st.session_state.saved_plan


if "step" not in st.session_state:
    st.session_state.step = 1
    st.session_state.saved_name = ""
    st.session_state.saved_plan = "Reader"

plans = fetch_plans()
st.title("Join the book club")
step = st.session_state.step
st.caption(f"Step {step} of 3")

if step == 1:
    st.text_input("Your name", key="name_box")
    st.button("Next", on_click=leave_step_1)
elif step == 2:
    st.radio("Plan", list(plans), key="plan_box",
             captions=[f"€{price} a month" for price in plans.values()])
    back, forward = st.columns(2)
    back.button("Back", on_click=leave_step_2, args=(1,))
    forward.button("Next", on_click=leave_step_2, args=(3,))
else:
    name, plan = st.session_state.saved_name, st.session_state.saved_plan
    st.write(f"{name} joins on the {plan} plan.")
    st.metric("Monthly price", f"€{plans[plan]}")
    st.button("Back", on_click=back_to_2)
