# wrong: a ttl (5 minutes) instead of max_entries: it expires reports by age but puts no limit on how many are held at once (eight customers viewed within 5 minutes means eight reports); the grader should say a ttl does not bound memory, use max_entries.
# task: 2
# expect-check: A report pushed out of the cache is built again
# expect-message: A ttl is about freshness, not memory
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_data(ttl="5min")  # reports don't pile up for long
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
