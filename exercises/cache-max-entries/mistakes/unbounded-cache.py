import numpy as np
import pandas as pd
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]


@st.cache_data
def customer_report(customer):
    speedlit.slow("customer_report", 1.0)  # stands in for joining a customer's order history
    number = CUSTOMERS.index(customer)
    rng = np.random.default_rng(number)
    count = int(rng.integers(5, 15))
    return pd.DataFrame({
        "order": np.arange(1, count + 1) + 100 * number,
        "total": rng.gamma(2.0, 35.0, count).round(2),
        "status": rng.choice(["shipped", "open", "returned"], count, p=[0.7, 0.2, 0.1]),
    })


st.title("Customer report")
customer = st.selectbox("Customer", CUSTOMERS)
report = customer_report(customer)

orders, spent = st.columns(2)
orders.metric("Orders", len(report))
spent.metric("Spent", f"${report['total'].sum():,.2f}")
if st.toggle("Show orders"):
    st.dataframe(report, hide_index=True)
