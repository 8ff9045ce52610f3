import numpy as np
import pandas as pd
import streamlit as st

import speedlit

PRODUCTS = ["Desks", "Chairs", "Lamps", "Shelves"]


def query(region, what, seconds):
    speedlit.slow("query", seconds)  # stands in for a warehouse query
    rng = np.random.default_rng(["North", "South", "East"].index(region) * 10 + len(what))
    return pd.DataFrame(rng.integers(20, 200, (26, len(PRODUCTS))), columns=PRODUCTS)


st.title("Regional sales")
region = st.selectbox("Region", ["North", "South", "East"])
summary, products, weekly = st.tabs(["Summary", "By product", "Weekly"], on_change="rerun")

if summary.open:  # only the open tab's code runs
    with summary:
        totals = query(region, "totals", 0.5).sum()
        st.metric("Units sold", f"{totals.sum():,}")
if products.open:
    with products:
        st.bar_chart(query(region, "products", 0.7).sum())
if weekly.open:
    with weekly:
        st.line_chart(query(region, "weekly", 0.7))

raw = st.expander("Raw numbers", on_change="rerun")
if raw.open:  # False while collapsed, so the query waits until someone looks
    with raw:
        st.dataframe(query(region, "raw", 0.8))
