# wrong: st.cache_resource(max_entries=4) bounds the cache but hands every agent the very same DataFrame object instead of a copy, so one agent's in-place change (a sort, a new column) would show up for everyone; reports are data and belong in st.cache_data; the grader should say so.
# task: 1
# expect-check: The reports are cached with st.cache_data
# expect-message: A report is data
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_resource(max_entries=4)
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
