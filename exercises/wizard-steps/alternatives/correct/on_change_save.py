import streamlit as st

import speedlit


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


def remember(field):
    st.session_state.answers[field] = st.session_state[field]


def show(step):
    st.session_state.update(st.session_state.answers)  # put the answers back in the widgets
    st.session_state.step = step


if "step" not in st.session_state:
    st.session_state.step = 1
    st.session_state.answers = {"name": "", "plan": "Reader"}

plans = fetch_plans()
st.title("Join the book club")
step = st.session_state.step
st.caption(f"Step {step} of 3")

if step == 1:
    st.text_input("Your name", key="name", on_change=remember, args=("name",))
    st.button("Next", on_click=show, args=(2,))
elif step == 2:
    st.radio("Plan", list(plans), key="plan", on_change=remember, args=("plan",),
             captions=[f"€{price} a month" for price in plans.values()])
    back, forward = st.columns(2)
    back.button("Back", on_click=show, args=(1,))
    forward.button("Next", on_click=show, args=(3,))
else:
    answers = st.session_state.answers
    st.write(f"{answers['name']} joins on the {answers['plan']} plan.")
    st.metric("Monthly price", f"€{plans[answers['plan']]}")
    st.button("Back", on_click=show, args=(2,))
