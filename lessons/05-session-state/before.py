import numpy as np
import pandas as pd
import streamlit as st

import speedlit


def fetch_orders(page, size):
    speedlit.slow("fetch_orders", 0.8)  # stands in for a query against the orders table
    rng = np.random.default_rng(page)
    first = (page - 1) * size + 1
    return pd.DataFrame({
        "order": np.arange(first, first + size),
        "customer": rng.choice(["Ada", "Grace", "Linus", "Guido", "Barbara"], size),
        "total": rng.gamma(2.0, 40.0, size).round(2),
    })


if "page" not in st.session_state:
    st.session_state.page = 1

st.title("Order browser")
size = st.selectbox("Page size", [10, 25, 50])
st.caption(f"Page {st.session_state.page}")
st.dataframe(fetch_orders(st.session_state.page, size), hide_index=True)

previous, following = st.columns(2)
if previous.button("Previous", disabled=st.session_state.page == 1):
    st.session_state.page -= 1
    st.rerun()  # the caption and table above still show the old page: run again
if following.button("Next"):
    st.session_state.page += 1
    st.rerun()
