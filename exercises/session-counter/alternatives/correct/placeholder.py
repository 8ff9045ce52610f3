import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


if "count" not in st.session_state:
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
top = st.empty()  # the metric and warning are filled in after the buttons are read

add, clear = st.columns(2)
if add.button("Add one"):
    st.session_state.count += 1
if clear.button("Reset"):
    st.session_state.count = 0

with top.container():
    count = st.session_state.count
    st.metric("People inside", f"{count} of {capacity}")
    if count >= capacity:
        st.warning("The room is full: the next group waits.")
