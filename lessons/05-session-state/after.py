import streamlit as st

import speedlit


def fetch_orders(page, size):
    return speedlit.orders_page(page, size)  # 0.8 s: a query against the orders table


def turn_page(step):
    # A callback runs before the script, so the caption and table already show the new page.
    st.session_state.page += step


if "page" not in st.session_state:
    st.session_state.page = 1

st.title("Order browser")
size = st.selectbox("Page size", [10, 25, 50])
st.caption(f"Page {st.session_state.page}")
st.dataframe(fetch_orders(st.session_state.page, size), hide_index=True)

previous, following = st.columns(2)
previous.button("Previous", disabled=st.session_state.page == 1,
                on_click=turn_page, args=(-1,))
following.button("Next", on_click=turn_page, args=(1,))
