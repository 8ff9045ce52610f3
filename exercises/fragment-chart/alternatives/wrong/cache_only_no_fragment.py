# wrong: the header query is cached with st.cache_data but there is no fragment, so every change of the metric still reruns the whole page.
# task: 2
# expect-check: Changing the metric reruns only the chart section
# expect-message: Caching the header's numbers makes its query run once
import streamlit as st

import speedlit


@st.cache_data
def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

st.subheader("Trend")
metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
st.line_chart(trend_data(metric))
