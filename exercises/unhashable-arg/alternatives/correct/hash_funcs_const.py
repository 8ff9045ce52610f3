import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


# there is only one database, so every connection hashes the same
@st.cache_data(hash_funcs={speedlit.Database: lambda _: "orders-db"})
def orders_by_customer(conn, status):
    return conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
