# wrong: (a crash) @st.cache_data on orders_by_customer with the connection as a normal parameter: Streamlit tries to hash the Database and raises UnhashableParamError on the first run; the grader should say to rename the parameter to _conn (or give hash_funcs) so it is left out of the key.
# task: 1
# expect-check: The query runs once per distinct status
# expect-message: UnhashableParamError
import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data
def orders_by_customer(conn, status):
    return conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
