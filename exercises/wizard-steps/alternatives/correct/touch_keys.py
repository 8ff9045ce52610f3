import streamlit as st

import speedlit


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


def next_step():
    st.session_state.step += 1


def previous_step():
    st.session_state.step -= 1


if "step" not in st.session_state:
    st.session_state.step = 1
    st.session_state.name = ""
    st.session_state.plan = "Reader"

# Re-assigning a widget's key to itself every run keeps it in session state
# while its step is hidden (the well-known "keep widget values" trick).
for key in ("name", "plan"):
    st.session_state[key] = st.session_state[key]

plans = fetch_plans()
st.title("Join the book club")
step = st.session_state.step
st.caption(f"Step {step} of 3")

if step == 1:
    st.text_input("Your name", key="name")
    st.button("Next", on_click=next_step)
elif step == 2:
    st.radio("Plan", list(plans), key="plan",
             captions=[f"€{price} a month" for price in plans.values()])
    back, forward = st.columns(2)
    back.button("Back", on_click=previous_step)
    forward.button("Next", on_click=next_step)
else:
    st.write(f"{st.session_state.name} joins on the {st.session_state.plan} plan.")
    st.metric("Monthly price", f"€{plans[st.session_state.plan]}")
    st.button("Back", on_click=previous_step)
