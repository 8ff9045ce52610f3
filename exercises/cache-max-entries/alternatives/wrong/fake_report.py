# wrong: cheat — never builds the report; invents a few orders per customer from a seeded random generator, so the page is instant but its numbers are made up; the grader should say the orders and amount differ from the real report and the report must still be built (once while cached).
# task: 3
# expect-check: A recently viewed customer's report is reused
# expect-message: needs their report built
import numpy as np
import pandas as pd
import streamlit as st

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_data(max_entries=4)
def customer_report(customer):
    rng = np.random.default_rng(CUSTOMERS.index(customer))
    n = int(rng.integers(3, 12))
    return pd.DataFrame({"order": range(1, n + 1), "total": rng.uniform(10, 200, n).round(2)})


st.title("Customer report")
customer = st.selectbox("Customer", CUSTOMERS)
report = customer_report(customer)

orders, spent = st.columns(2)
orders.metric("Orders", len(report))
spent.metric("Spent", f"${report['total'].sum():,.2f}")
if st.toggle("Show orders"):
    st.dataframe(report, hide_index=True)
