# wrong: the count is kept in session state but changed under `if button:` after the metric is drawn, so the page shows the count one click behind; use on_click callbacks.
# task: 1
# expect-check: The count is right after every click, in each browser tab
# expect-message: the page shows the count one click behind
import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


if "count" not in st.session_state:
    st.session_state.count = 0

st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{st.session_state.count} of {capacity}")
if st.session_state.count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
if add.button("Add one"):
    st.session_state.count += 1
if clear.button("Reset"):
    st.session_state.count = 0
