# wrong: the count lives in a dict from st.cache_resource, which is shared by every session on the server, so another tab (or another visitor) changes this tab's count; keep it in st.session_state.
# task: 1
# expect-check: The count is right after every click, in each browser tab
# expect-message: returns one object for the whole server
import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


@st.cache_resource
def door():
    return {"count": 0}


def add_one():
    door()["count"] += 1


def reset():
    door()["count"] = 0


st.title("Escape room: door counter")
capacity = fetch_capacity()
count = door()["count"]
st.metric("People inside", f"{count} of {capacity}")
if count >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=add_one)
clear.button("Reset", on_click=reset)
