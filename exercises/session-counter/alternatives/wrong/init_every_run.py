# wrong: st.session_state.count is set to 0 at the top of every run, so the count still never gets past 1; initialise it only when the key is missing.
# task: 1
# expect-check: The count is right after every click, in each browser tab
# expect-message: This line runs on every rerun
import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


def add_one():
    st.session_state.count += 1


def reset():
    st.session_state.count = 0


st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{st.session_state.count} of {capacity}")
if st.session_state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=add_one)
clear.button("Reset", on_click=reset)
