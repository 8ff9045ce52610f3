import streamlit as st

import speedlit

ss = st.session_state
if "inside" not in ss:
    ss.inside = 0

st.title("Escape room: door counter")
capacity = speedlit.room_capacity()  # 0.5 s: asks the booking system
st.metric("People inside", f"{ss.inside} of {capacity}")
if ss.inside >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=lambda: ss.update(inside=ss.inside + 1))
clear.button("Reset", on_click=lambda: ss.update(inside=0))
