import streamlit as st
from streamlit import session_state as state

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


def add_one():
    state.count += 1


def reset():
    del state["count"]  # the init below starts it at 0 again


if "count" not in state:
    state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{state.count} of {capacity}")
if state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=add_one)
clear.button("Reset", on_click=reset)
