# wrong: max_entries=6 lets the cache hold six reports, one more than the server's limit of five; the grader should say max_entries must be at most 5.
# task: 2
# expect-check: A report pushed out of the cache is built again
# expect-message: max_entries = 6
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_data(max_entries=6)
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
