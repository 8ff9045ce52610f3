# wrong: plain @st.cache_data never lets a report go, so after viewing all eight customers it holds eight reports, more than the server can hold; the grader should say to bound the cache with max_entries between 3 and 5.
# task: 2
# expect-check: A report pushed out of the cache is built again
# expect-message: Without a bound the cache keeps one report per customer
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_data
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
