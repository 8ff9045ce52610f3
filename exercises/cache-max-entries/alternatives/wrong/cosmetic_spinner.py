# wrong: only added a spinner around building the report (a cosmetic change); nothing is cached, so the report is rebuilt on every click, even when only the toggle changed; the grader should say to cache customer_report with st.cache_data(max_entries=...).
# task: 1
# expect-check: A recently viewed customer's report is reused
# expect-message: outside any Streamlit cache
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


def customer_report(customer):
    return speedlit.customer_orders(customer)  # 1 s: a join over the order tables


st.title("Customer report")
customer = st.selectbox("Customer", CUSTOMERS)
with st.spinner(f"Building {customer}'s report…"):
    report = customer_report(customer)

orders, spent = st.columns(2)
orders.metric("Orders", len(report))
spent.metric("Spent", f"${report['total'].sum():,.2f}")
if st.toggle("Show orders"):
    st.dataframe(report, hide_index=True)
