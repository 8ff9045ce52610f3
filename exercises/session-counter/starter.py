import streamlit as st

import speedlit


def fetch_capacity():
    speedlit.slow("fetch_capacity", 0.5)  # stands in for asking the booking system
    return 4


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
