# wrong: max_size=5 was meant as "five reports" but max_size counts pickled bytes, so any report is over the limit and only the last one is kept: going back to the previous customer builds it again; the grader should say to use max_entries for a number of reports.
# task: 1
# expect-check: A recently viewed customer's report is reused
# expect-message: in *bytes*, not the number of reports
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_data(max_size=5)  # at most five reports
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
