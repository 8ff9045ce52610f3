import numpy as np
import pandas as pd
import streamlit as st

import speedlit


def live_sales():
    speedlit.slow("live_sales", 1.5)  # stands in for a query on today's orders (changes every minute)
    rng = np.random.default_rng(7)
    return pd.DataFrame({"orders": rng.integers(20, 60, 24)}, index=pd.RangeIndex(24, name="hour"))


def order_panel():
    st.subheader("Order lookup")
    number = st.number_input("Order number", 1000, 1099, 1000)
    status = "shipped" if number in st.session_state.shipped else "waiting"
    st.write(f"Order {number} is **{status}**.")
    if st.button("Mark as shipped"):
        st.session_state.shipped.add(number)
        st.rerun()  # redraw with the new status


if "shipped" not in st.session_state:
    st.session_state.shipped = set()
st.title("Shop floor")
st.bar_chart(live_sales())
order_panel()
