# wrong: the answers are refilled, but the step still changes under `if st.button(...)` after the caption was drawn, so every click shows the old step until the next click; change the step in an on_click callback (or st.rerun()).
# task: 1
# expect-check: One click of Next or Back shows the right step
# expect-message: A click on “Next” changes the step
import streamlit as st

import speedlit


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


if "step" not in st.session_state:
    st.session_state.step = 1
    st.session_state.answers = {"name": "", "plan": "Reader"}

plans = fetch_plans()
st.title("Join the book club")
step = st.session_state.step
st.caption(f"Step {step} of 3")
answers = st.session_state.answers

if step == 1:
    name = st.text_input("Your name", key="name")
    if st.button("Next"):
        answers["name"] = name
        st.session_state.plan = answers["plan"]
        st.session_state.step = 2
elif step == 2:
    plan = st.radio("Plan", list(plans), key="plan",
                    captions=[f"€{price} a month" for price in plans.values()])
    back, forward = st.columns(2)
    if back.button("Back"):
        answers["plan"] = plan
        st.session_state.name = answers["name"]
        st.session_state.step = 1
    if forward.button("Next"):
        answers["plan"] = plan
        st.session_state.step = 3
else:
    st.write(f"{answers['name']} joins on the {answers['plan']} plan.")
    st.metric("Monthly price", f"€{plans[answers['plan']]}")
    if st.button("Back"):
        st.session_state.update(answers, step=2)
