import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


class Counter:
    KEY = "door_count"

    @classmethod
    def value(cls):
        return st.session_state.get(cls.KEY, 0)

    @classmethod
    def add(cls):
        st.session_state[cls.KEY] = cls.value() + 1

    @classmethod
    def reset(cls):
        st.session_state[cls.KEY] = 0


st.title("Escape room: door counter")
capacity = fetch_capacity()
st.metric("People inside", f"{Counter.value()} of {capacity}")
if Counter.value() >= capacity:
    st.warning("The room is full: the next group waits.")

add, clear = st.columns(2)
add.button("Add one", on_click=Counter.add)
clear.button("Reset", on_click=Counter.reset)
