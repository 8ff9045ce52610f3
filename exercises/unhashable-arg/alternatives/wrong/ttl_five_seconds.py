# wrong: ttl=5 lets a status's table expire five seconds after it was fetched, so going back to a status (or another user opening the page) a few seconds later runs the query again; the task asks for once per distinct status, so no ttl is needed; the grader should say the cached result expires too soon.
# task: 1
# expect-check: The query runs once per distinct status
# expect-message: a status's rows expire
import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data(ttl=5)  # keep it fresh
def orders_by_customer(_conn, status):
    return _conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
