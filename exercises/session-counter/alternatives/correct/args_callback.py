import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


def change(by=None, to=None):
    if to is not None:
        st.session_state.count = to
    else:
        st.session_state.count += by


if "count" not in st.session_state:
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{st.session_state.count} of {capacity}")
if st.session_state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=change, kwargs={"by": 1})
clear.button("Reset", on_click=change, kwargs={"to": 0})
