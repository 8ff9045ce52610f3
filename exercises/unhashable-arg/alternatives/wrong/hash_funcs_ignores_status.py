# wrong: hash_funcs maps str to a constant (meant for the connection's name), which makes every status hash the same, so all statuses share one entry and show the first status's table; the grader should say the status must stay in the cache key.
# task: 1
# expect-check: The query runs once per distinct status
# expect-message: every status hashes alike
import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data(hash_funcs={speedlit.Database: lambda db: db.name, str: lambda s: "orders"})
def orders_by_customer(conn, status):
    return conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
