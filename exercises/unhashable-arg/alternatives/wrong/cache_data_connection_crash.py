# wrong: (a crash) open_db was switched to @st.cache_data, which pickles the return value; a Database holds a lock and cannot be pickled, so the first run raises UnserializableReturnValueError; the grader should say connections belong in st.cache_resource.
# task: 2
# expect-check: The database is opened once
# expect-message: cannot be pickled
import streamlit as st

import speedlit


@st.cache_data  # cache everything with cache_data
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
