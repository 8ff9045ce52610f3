import numpy as np
import pandas as pd
import streamlit as st

import speedlit

STORES = ["Berlin", "Lyon", "Porto"]
SECTIONS = ["Orders", "Returns", "Visitors"]


# The spinners below say what is happening. scope="session": in this demo each visitor
# counts their own stores once, so everyone sees the spinners (a real report would share).
@st.cache_data(show_spinner=False, scope="session")
def count(store, section):
    return speedlit.report_count(store, section)  # 0.7 s: one slow report query


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
