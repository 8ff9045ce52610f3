# wrong: the metrics use the cached report, but the table under the toggle calls speedlit.customer_orders() directly, so turning on "Show orders" builds the report again every run; the grader should say to show the cached report in the table.
# task: 1
# expect-check: A recently viewed customer's report is reused
# expect-message: outside any cache
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_data(max_entries=4)
def customer_report(customer):
    return speedlit.customer_orders(customer)  # 1 s: a join over the order tables


st.title("Customer report")
customer = st.selectbox("Customer", CUSTOMERS)
report = customer_report(customer)

orders, spent = st.columns(2)
orders.metric("Orders", len(report))
spent.metric("Spent", f"${report['total'].sum():,.2f}")
if st.toggle("Show orders"):
    st.dataframe(speedlit.customer_orders(customer), hide_index=True)
