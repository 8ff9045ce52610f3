# wrong: only a docstring and a variable name changed; the step still changes after the caption is drawn (one click behind) and the name is lost when going back.
# task: 1
# expect-check: One click of Next or Back shows the right step
# expect-message: A click on “Next” changes the step
import streamlit as st

import speedlit


def fetch_plans():
    """Ask the club's price-list service (0.5 s)."""
    return speedlit.membership_plans()


if "step" not in st.session_state:
    st.session_state.step = 1
    st.session_state.answers = {"name": "", "plan": "Reader"}

price_list = fetch_plans()
st.title("Join the book club")
step = st.session_state.step
st.caption(f"Step {step} of 3")

if step == 1:
    name = st.text_input("Your name", key="name")
    if st.button("Next"):
        st.session_state.answers["name"] = name
        st.session_state.step = 2
elif step == 2:
    plan = st.radio("Plan", list(price_list), key="plan",
                    captions=[f"€{price} a month" for price in price_list.values()])
    back, forward = st.columns(2)
    if back.button("Back"):
        st.session_state.step = 1
    if forward.button("Next"):
        st.session_state.answers["plan"] = plan
        st.session_state.step = 3
else:
    answers = st.session_state.answers
    st.write(f"{answers['name']} joins on the {answers['plan']} plan.")
    st.metric("Monthly price", f"€{price_list[answers['plan']]}")
    if st.button("Back"):
        st.session_state.step = 2
