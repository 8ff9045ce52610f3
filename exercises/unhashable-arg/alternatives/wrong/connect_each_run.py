# wrong: the query is cached correctly, but @st.cache_resource was dropped from open_db, so the app connects to the database on every run; the grader should say to keep open_db cached with st.cache_resource so it connects once.
# task: 2
# expect-check: The database is opened once
# expect-message: every rerun opens a new connection
import streamlit as st

import speedlit


def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data
def orders_by_customer(_conn, status):
    return _conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
