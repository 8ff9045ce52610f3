import streamlit as st

CAPACITY = 4  # the room takes four people


def add_one():
    st.session_state.count += 1


def reset():
    st.session_state.count = 0


if "count" not in st.session_state:
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = CAPACITY
st.metric("People inside", f"{st.session_state.count} of {capacity}")
if st.session_state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=add_one)
clear.button("Reset", on_click=reset)
