# wrong: functools.lru_cache(maxsize=4) looks right but its cache is recreated empty on every rerun (the script is re-executed), so every click builds the report again, and nothing is shared between agents; the grader should say to use st.cache_data(max_entries=...).
# task: 1
# expect-check: A recently viewed customer's report is reused
# expect-message: new, empty cache
from functools import lru_cache

import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@lru_cache(maxsize=4)
def customer_report(customer):
    return speedlit.customer_orders(customer)  # 1 s: a join over the order tables


st.title("Customer report")
customer = st.selectbox("Customer", CUSTOMERS)
report = customer_report(customer)

orders, spent = st.columns(2)
orders.metric("Orders", len(report))
spent.metric("Spent", f"${report['total'].sum():,.2f}")
if st.toggle("Show orders"):
    st.dataframe(report, hide_index=True)
