import numpy as np
import pandas as pd
import streamlit as st

import speedlit


def segment_customers(measure, count):
    speedlit.slow("segment", 1.5)  # stands in for clustering thousands of customers
    rng = np.random.default_rng(7)
    customers = pd.DataFrame({"Revenue": rng.gamma(2.0, 150.0, 400).round(2),
                              "Orders": rng.poisson(6, 400) + 1})
    names = [f"Segment {i + 1}" for i in range(count)]
    segment = pd.qcut(customers[measure].rank(method="first"), count, labels=names)
    return customers.groupby(segment, observed=True)[measure].agg(["min", "mean", "max"]).round(1)


st.title("Customer segments")
measure = st.radio("Measure", ["Revenue", "Orders"], horizontal=True)
count = st.slider("Segments", 2, 6, 4)
chart = st.radio("Chart", ["Bars", "Line"], horizontal=True)
show_table = st.checkbox("Show the table")

if "segments" not in st.session_state:
    st.session_state.segments = segment_customers(measure, count)
segments = st.session_state.segments

top = segments.iloc[-1]
st.caption(f"{count} segments by {measure.lower()}; the top one averages {top['mean']:,.1f}")
(st.bar_chart if chart == "Bars" else st.line_chart)(segments["mean"])
if show_table:
    st.dataframe(segments)
