import streamlit as st

import speedlit

STATUSES = ["open", "shipped", "returned"]


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data
def orders_by_customer(_conn: speedlit.Database, status: str):
    return _conn.orders_by_status(status)  # 0.8 s: a slow query on a big table


def main():
    db = open_db()
    st.title("Orders by customer")
    status = st.selectbox("Status", STATUSES)
    table = orders_by_customer(db, status)
    st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
    st.dataframe(table, hide_index=True)


main()
