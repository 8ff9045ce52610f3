import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{count} of {capacity}")
if count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
if add.button("Add one"):
    count += 1
if clear.button("Reset"):
    count = 0
