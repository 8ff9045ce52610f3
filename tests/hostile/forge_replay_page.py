"""Attack (forged pass): read the file once, record every ForwardMsg the first run sends (by
wrapping the app host's ``forward``), and on every later run replay those recorded messages
instead of computing the page again: no more reads, a plausible page.

Must happen: not passed — the replayed page is stale after the widgets change, so "The app
shows the same as before, after every step" fails.
"""
import sys

import streamlit as st

import speedlit

host = speedlit._backend
if not hasattr(sys, "_recorded"):
    sys._recorded = []
    original = type(host).forward

    def recording(self, tab, msg):
        if getattr(sys, "_recording", False):
            copy = type(msg)()
            copy.CopyFrom(msg)
            sys._recorded.append(copy)
        return original(self, tab, msg)

    type(host).forward = recording

if sys._recorded:
    sys._recording = False
    for msg in list(sys._recorded):
        kind = msg.WhichOneof("type")
        if kind == "delta":
            host.forward(0, msg)
    st.stop()

sys._recording = True
st.title("Sales explorer")
sales = speedlit.read_sales()
region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)
picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
