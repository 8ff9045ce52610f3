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


def turn_page(step):
    # A callback runs before the script, so the caption and table already show the new page.
    st.session_state.page += step


if "page" not in st.session_state:
    st.session_state.page = 1

st.title("Order browser")
size = st.selectbox("Page size", [10, 25, 50])
st.caption(f"Page {st.session_state.page}")
st.dataframe(fetch_orders(st.session_state.page, size), hide_index=True)

previous, following = st.columns(2)
previous.button("Previous", disabled=st.session_state.page == 1,
                on_click=turn_page, args=(-1,))
following.button("Next", on_click=turn_page, args=(1,))
