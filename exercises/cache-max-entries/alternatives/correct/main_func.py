import pandas as pd
import streamlit as st

import speedlit

CUSTOMERS = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo"]
REPORT_SLOTS = 4


@st.cache_data(max_entries=REPORT_SLOTS)
def build_report(name: str) -> pd.DataFrame:
    return speedlit.customer_orders(name)  # 1 s: a join over the order tables


def main():
    st.title("Customer report")
    customer = st.selectbox("Customer", CUSTOMERS)
    report = build_report(customer)

    orders, spent = st.columns(2)
    orders.metric("Orders", len(report))
    spent.metric("Spent", f"${report['total'].sum():,.2f}")
    if st.toggle("Show orders"):
        st.dataframe(report, hide_index=True)


if __name__ == "__main__":
    main()
