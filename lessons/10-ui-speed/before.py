import numpy as np
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
SECTIONS = ["Orders", "Returns", "Visitors"]


def count(store, section):
    return speedlit.report_count(store, section)  # 0.7 s: one slow report query


def order_lines(store):
    rng = np.random.default_rng(STORES.index(store))
    items = rng.choice(["desk", "chair", "lamp"], 3000)
    return pd.DataFrame({"order": np.arange(1, 3001), "item": items, "price": rng.integers(10, 400, 3000)})


st.title("Store report")
store = st.selectbox("Store", STORES)
show_lines = st.checkbox("Show every order line")

numbers = {section: count(store, section) for section in SECTIONS}  # the page waits for all three
for column, section in zip(st.columns(3), SECTIONS):
    column.metric(section, f"{numbers[section]:,}")

if show_lines:
    st.write(order_lines(store).to_dict("records"))  # 3,000 records as a JSON tree
