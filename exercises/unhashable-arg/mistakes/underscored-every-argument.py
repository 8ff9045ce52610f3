import sqlite3

import numpy as np
import pandas as pd
import streamlit as st

import speedlit


@st.cache_resource
def open_db():
    speedlit.slow("open_db", 1.0)  # stands in for connecting to a database server
    conn = sqlite3.connect(":memory:", check_same_thread=False)  # reruns use other threads
    rng = np.random.default_rng(11)
    pd.DataFrame({
        "customer": rng.choice(["Ada", "Ben", "Cleo", "Dev", "Eve"], 300),
        "status": rng.choice(["open", "shipped", "returned"], 300, p=[0.3, 0.6, 0.1]),
        "total": rng.gamma(2.0, 40.0, 300).round(2),
    }).to_sql("orders", conn, index=False)
    return conn


@st.cache_data  # _conn: not hashed, not part of the key
def orders_by_customer(_conn, _status):
    speedlit.slow("query", 0.8)  # stands in for a slow query on a big table
    sql = """select customer, count(*) as orders, round(sum(total), 2) as total
             from orders where status = ? group by customer order by total desc"""
    return pd.read_sql(sql, _conn, params=(_status,))


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
