# wrong: scope="session" gives each browser session its own cache, so another user opening the page runs every query again; the grader should say to keep the default global scope so results are shared.
# task: 1
# expect-check: The query runs once per distinct status
# expect-message: scope="session"
import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data(scope="session")
def orders_by_customer(_conn, status):
    return _conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
