# wrong: the count is changed under `if button:` and then st.rerun() redraws it, so every click costs two runs (and two capacity requests); change the count in an on_click callback instead.
# task: 2
# expect-check: Each click costs one run of the script
# expect-message: costs two runs
import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


if "count" not in st.session_state:
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{st.session_state.count} of {capacity}")
if st.session_state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
if add.button("Add one"):
    st.session_state.count += 1
    st.rerun()
if clear.button("Reset"):
    st.session_state.count = 0
    st.rerun()
