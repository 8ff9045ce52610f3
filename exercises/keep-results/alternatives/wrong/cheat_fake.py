# wrong: the clustering call was removed and the segments are faked from a formula, so the chart, caption and table show made-up numbers.
# task: 2
# expect-check: Every new input is computed, once
# expect-message: never runs the segmentation
import pandas as pd
import streamlit as st


def find_segments(measure, count):
    scale = 1000.0 if measure == "Revenue" else 10.0
    means = [scale * (i + 1) ** 1.5 for i in range(count)]
    return pd.DataFrame({"min": [m * 0.5 for m in means], "mean": means,
                         "max": [m * 1.5 for m in means]})


st.title("Customer segments")
measure = st.radio("Measure", ["Revenue", "Orders"], horizontal=True)
count = st.slider("Segments", 2, 6, 4)
chart = st.radio("Chart", ["Bars", "Line"], horizontal=True)
show_table = st.checkbox("Show the table")

segments = find_segments(measure, count)

top = segments.iloc[-1]
st.caption(f"{count} segments by {measure.lower()}; the top one averages {top['mean']:,.1f}")
(st.bar_chart if chart == "Bars" else st.line_chart)(segments["mean"])
if show_table:
    st.dataframe(segments)
