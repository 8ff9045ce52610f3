# wrong: only a comment and a blank line were added; the segments are still computed on every rerun, whichever widget changed.
# task: 1
# expect-check: Unrelated changes reuse the result
# expect-message: computes the segments again each time
import streamlit as st

import speedlit


def find_segments(measure, count):
    # 1.5 s: clustering thousands of customers
    return speedlit.segment_customers(measure, count)


st.title("Customer segments")
measure = st.radio("Measure", ["Revenue", "Orders"], horizontal=True)
count = st.slider("Segments", 2, 6, 4)
chart = st.radio("Chart", ["Bars", "Line"], horizontal=True)
show_table = st.checkbox("Show the table")

# compute the customer segments
segments = find_segments(measure, count)

top = segments.iloc[-1]
st.caption(f"{count} segments by {measure.lower()}; the top one averages {top['mean']:,.1f}")
(st.bar_chart if chart == "Bars" else st.line_chart)(segments["mean"])
if show_table:
    st.dataframe(segments)
