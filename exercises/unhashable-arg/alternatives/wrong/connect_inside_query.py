# wrong: the cached query opens its own connection with speedlit.connect() instead of using the shared one, so the app connects once per status (3 times) instead of once; the grader should say to reuse open_db()'s connection (passed as _conn).
# task: 2
# expect-check: The database is opened once
# expect-message: opens a connection of its own
import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data
def orders_by_customer(status):
    conn = speedlit.connect()  # an unhashable connection can't be an argument
    return conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
