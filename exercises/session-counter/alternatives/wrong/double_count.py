# wrong: "Add one" has an on_click callback AND the old `if add.button(...)` increment, so every click adds two (one shown now, one at the next run); keep only the callback.
# task: 1
# expect-check: The count is right after every click, in each browser tab
# expect-message: counts each click twice
import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


def add_one():
    st.session_state.count += 1


def reset():
    st.session_state.count = 0


if "count" not in st.session_state:
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{st.session_state.count} of {capacity}")
if st.session_state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
if add.button("Add one", on_click=add_one):
    st.session_state.count += 1
clear.button("Reset", on_click=reset)
