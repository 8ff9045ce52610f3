# wrong: both parameters start with an underscore, so status is left out of the cache key too: every status returns the first status's table; the grader should say only the connection may be excluded and status must stay in the key.
# task: 1
# expect-check: The query runs once per distinct status
# expect-message: none of them is part of the cache key
import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data
def orders_by_customer(_conn, _status):
    return _conn.orders_by_status(_status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
