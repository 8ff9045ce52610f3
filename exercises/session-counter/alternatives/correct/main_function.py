import streamlit as st

import speedlit


def fetch_capacity():
    return speedlit.room_capacity()  # 0.5 s: asks the booking system


def on_add():
    st.session_state.count = st.session_state.get("count", 0) + 1


def on_reset():
    st.session_state.count = 0


def main():
    st.title("Escape room: door counter")
    capacity = fetch_capacity()
    count = st.session_state.get("count", 0)
    st.metric("People inside", f"{count} of {capacity}")
    if count >= capacity:
        st.warning("The room is full: the next group waits.")

    add, clear = st.columns(2)
    with add:
        st.button("Add one", on_click=on_add)
    with clear:
        st.button("Reset", on_click=on_reset)


if __name__ == "__main__":
    main()
