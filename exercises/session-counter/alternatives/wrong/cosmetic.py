# wrong: only names changed; the count is still a plain variable that starts at 0 on every rerun, so it never gets past 1; keep it in st.session_state and change it in callbacks.
# task: 1
# expect-check: The count is right after every click, in each browser tab
# expect-message: A plain variable starts over on every rerun
import streamlit as st

import speedlit


def get_room_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


people = 0  # people in the room

st.title("Escape room: door counter")
capacity = get_room_capacity()
st.metric("People inside", f"{people} of {capacity}")
if people >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
if add.button("Add one"):
    people += 1
if clear.button("Reset"):
    people = 0
