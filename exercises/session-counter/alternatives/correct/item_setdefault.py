import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


def bump():
    st.session_state["people"] += 1


def empty_room():
    st.session_state["people"] = 0


st.session_state.setdefault("people", 0)

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{st.session_state['people']} of {capacity}")
if st.session_state["people"] >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=bump)
clear.button("Reset", on_click=empty_room)
