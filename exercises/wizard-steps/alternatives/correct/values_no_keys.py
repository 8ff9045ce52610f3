import streamlit as st

import speedlit


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


if "step" not in st.session_state:
    st.session_state.step = 1
    st.session_state.answers = {"name": "", "plan": "Reader"}

plans = fetch_plans()
answers = st.session_state.answers
st.title("Join the book club")
step = st.session_state.step
st.caption(f"Step {step} of 3")

if step == 1:
    name = st.text_input("Your name", value=answers["name"])
    if st.button("Next"):
        answers["name"] = name
        st.session_state.step = 2
        st.rerun()
elif step == 2:
    names = list(plans)
    plan = st.radio("Plan", names, index=names.index(answers["plan"]),
                    captions=[f"€{price} a month" for price in plans.values()])
    back, forward = st.columns(2)
    if back.button("Back"):
        answers["plan"] = plan
        st.session_state.step = 1
        st.rerun()
    if forward.button("Next"):
        answers["plan"] = plan
        st.session_state.step = 3
        st.rerun()
else:
    st.write(f"{answers['name']} joins on the {answers['plan']} plan.")
    st.metric("Monthly price", f"€{plans[answers['plan']]}")
    if st.button("Back"):
        st.session_state.step = 2
        st.rerun()
