# wrong: the fragment wraps the header instead of the chart; the metric selectbox is outside any fragment, so each change reruns the full script and the header query with it.
# task: 1
# expect-check: Changing the metric reruns only the chart section
# expect-message: Your fragment holds the header
import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


@st.fragment
def header():
    st.title("Shop dashboard")
    for column, (label, value) in zip(st.columns(3), header_numbers().items()):
        column.metric(label, value)


header()
st.subheader("Trend")
metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
st.line_chart(trend_data(metric))
