import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


if "count" not in st.session_state:  # only in the session's first run
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
count = st.session_state.count
st.metric("People inside", f"{count} of {capacity}")
if count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
if add.button("Add one"):
    st.session_state.count += 1
    st.rerun()  # show the new count
if clear.button("Reset"):
    st.session_state.count = 0
    st.rerun()
