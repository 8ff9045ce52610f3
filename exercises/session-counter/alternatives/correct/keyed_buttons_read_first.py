import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


if "count" not in st.session_state:
    st.session_state.count = 0

# A clicked button is True in session state for the run its click started,
# so apply the click here, before the metric is drawn.
if st.session_state.get("add_btn"):
    st.session_state.count += 1
if st.session_state.get("reset_btn"):
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{st.session_state.count} of {capacity}")
if st.session_state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", key="add_btn")
clear.button("Reset", key="reset_btn")
