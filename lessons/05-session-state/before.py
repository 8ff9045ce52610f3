import streamlit as st

import speedlit


def fetch_orders(page, size):
    return speedlit.orders_page(page, size)  # 0.8 s: a query against the orders table


if "page" not in st.session_state:
    st.session_state.page = 1

st.title("Order browser")
size = st.selectbox("Page size", [10, 25, 50])
st.caption(f"Page {st.session_state.page}")
st.dataframe(fetch_orders(st.session_state.page, size), hide_index=True)

previous, following = st.columns(2)
if previous.button("Previous", disabled=st.session_state.page == 1):
    st.session_state.page -= 1
    st.rerun()  # the caption and table above still show the old page: run again
if following.button("Next"):
    st.session_state.page += 1
    st.rerun()
