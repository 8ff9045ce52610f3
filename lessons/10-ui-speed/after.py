import numpy as np
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
SECTIONS = ["Orders", "Returns", "Visitors"]


@st.cache_data(show_spinner=False)  # the spinners below say what is happening
def count(store, section):
    speedlit.slow("count", 0.7)  # stands in for one slow report query
    rng = np.random.default_rng(STORES.index(store) * 10 + SECTIONS.index(section))
    return int(rng.integers(100, 5000))


def order_lines(store):
    rng = np.random.default_rng(STORES.index(store))
    items = rng.choice(["desk", "chair", "lamp"], 3000)
    return pd.DataFrame({"order": np.arange(1, 3001), "item": items, "price": rng.integers(10, 400, 3000)})


st.title("Store report")
store = st.selectbox("Store", STORES)
show_lines = st.checkbox("Show every order line")

for column, section in zip(st.columns(3), SECTIONS):  # lay the page out first, then fill it
    with column, st.spinner(f"Counting {section.lower()}…"):
        st.metric(section, f"{count(store, section):,}")

if show_lines:
    st.dataframe(order_lines(store), hide_index=True)  # a scrolling grid
