# wrong: max_entries=len(CUSTOMERS) // 3 is 2, so the third most recently viewed customer has already been pushed out and is built again; the grader should say max_entries must be at least 3.
# task: 1
# expect-check: A recently viewed customer's report is reused
# expect-message: max_entries = 2
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_data(max_entries=len(CUSTOMERS) // 3)
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
