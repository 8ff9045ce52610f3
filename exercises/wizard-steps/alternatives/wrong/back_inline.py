# wrong: "Next" uses callbacks, but both "Back" buttons still change the step under `if st.button(...)`, so Back shows the old step until the next click; use on_click for Back too.
# task: 1
# expect-check: One click of Next or Back shows the right step
# expect-message: A click on “Back” changes the step
import streamlit as st

import speedlit


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


def go_to(step):
    state = st.session_state
    for field in ("name", "plan"):
        if field in state:
            state.answers[field] = state[field]
    state.update(state.answers)
    state.step = step


if "step" not in st.session_state:
    st.session_state.step = 1
    st.session_state.answers = {"name": "", "plan": "Reader"}

plans = fetch_plans()
st.title("Join the book club")
step = st.session_state.step
st.caption(f"Step {step} of 3")
answers = st.session_state.answers

if step == 1:
    st.text_input("Your name", key="name")
    st.button("Next", on_click=go_to, args=(2,))
elif step == 2:
    plan = st.radio("Plan", list(plans), key="plan",
                    captions=[f"€{price} a month" for price in plans.values()])
    back, forward = st.columns(2)
    if back.button("Back"):
        answers["plan"] = plan
        st.session_state.name = answers["name"]
        st.session_state.step = 1
    forward.button("Next", on_click=go_to, args=(3,))
else:
    st.write(f"{answers['name']} joins on the {answers['plan']} plan.")
    st.metric("Monthly price", f"€{plans[answers['plan']]}")
    if st.button("Back"):
        st.session_state.update(answers, step=2)
