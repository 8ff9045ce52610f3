"""Attack (forged pass by monkeypatching ``speedlit``): the starter unchanged, except that
``speedlit.read_sales`` is wrapped in ``functools.cache`` on the first run. The module lives
on between reruns and between browser tabs, so the file is really read once — but every
session now gets the *same* DataFrame object, which is exactly what the exercise's check "The
DataFrame is not shared through st.cache_resource" exists to forbid.

Must happen: no full marks — the shared DataFrame is not hidden behind a monkeypatch.
(The judge counts correctly: the app really asks once.)
"""
import functools

import streamlit as st

import speedlit

if not hasattr(speedlit.read_sales, "cache_info"):
    speedlit.read_sales = functools.cache(speedlit.read_sales)


def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
