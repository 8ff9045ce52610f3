# wrong: the Reset callback sets the count to 1 instead of 0 (off by one), so an emptied room shows one person inside.
# task: 1
# expect-check: The count is right after every click, in each browser tab
# expect-message: the clicks so far in that browser tab make 0
import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


def add_one():
    st.session_state.count += 1


def reset():
    st.session_state.count = 1


if "count" not in st.session_state:
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{st.session_state.count} of {capacity}")
if st.session_state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=add_one)
clear.button("Reset", on_click=reset)
