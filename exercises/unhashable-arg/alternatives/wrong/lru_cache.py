# wrong: functools.lru_cache hashes the connection by identity so it does not crash, but the script is re-executed on every rerun, which redefines the function with an empty cache: the query still runs on every click and for every user; the grader should say to use st.cache_data with a _conn parameter.
# task: 1
# expect-check: The query runs once per distinct status
# expect-message: defining the function anew with an empty cache
import functools

import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@functools.lru_cache(maxsize=16)
def orders_by_customer(conn, status):
    return conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
