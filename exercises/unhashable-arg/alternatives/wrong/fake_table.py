# wrong: cheat — never queries the database; builds a random orders table per status, so the page is instant but shows invented numbers; the grader should say the metric and table differ from the real data and the query must still run once per status.
# task: 3
# expect-check: The query runs once per distinct status
# expect-message: ran not at all
import numpy as np
import pandas as pd
import streamlit as st

import speedlit


@st.cache_resource  # one connection, shared by every session
def open_db():
    return speedlit.connect()  # 1 s: connecting to the order database server


@st.cache_data
def orders_by_customer(_conn, status):
    rng = np.random.default_rng(len(status))
    customers = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn"]
    return pd.DataFrame({"customer": customers, "orders": rng.integers(1, 20, len(customers))})


st.title("Orders by customer")
status = st.selectbox("Status", ["open", "shipped", "returned"])
table = orders_by_customer(open_db(), status)
st.metric(f"{status.capitalize()} orders", int(table["orders"].sum()))
st.dataframe(table, hide_index=True)
