# wrong: the selectbox stays outside the fragment and its value is passed in, so changing the metric still reruns the whole script (and the header query); the widget must be inside the fragment.
# task: 2
# expect-check: Changing the metric reruns only the chart section
# expect-message: The metric selectbox is outside the fragment
import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


@st.fragment
def trend(metric):
    st.line_chart(trend_data(metric))


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

st.subheader("Trend")
metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
trend(metric)
