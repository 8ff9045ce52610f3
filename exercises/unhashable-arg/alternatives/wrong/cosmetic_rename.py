# wrong: only renamed the parameter (to connection) and added a comment; nothing is cached, so the query runs on every click; the grader should say to cache orders_by_customer with st.cache_data and a leading-underscore connection parameter.
# task: 1
# expect-check: The query runs once per distinct status
# expect-message: outside any Streamlit cache
import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


def orders_by_customer(connection, status):
    # can't use st.cache_data here: the connection is unhashable
    return connection.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
