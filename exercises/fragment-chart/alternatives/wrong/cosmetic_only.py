# wrong: only cosmetic changes (a docstring, a metrics list and a spinner); the whole script still reruns on every metric change and the header query runs each time.
# task: 1
# expect-check: Changing the metric reruns only the chart section
# expect-message: the whole script reran
import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric

METRICS = ["Sales", "Revenue", "Users"]

st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

st.subheader("Trend")
metric = st.selectbox("Metric", METRICS)
with st.spinner("Loading trend…"):
    st.line_chart(trend_data(metric))
