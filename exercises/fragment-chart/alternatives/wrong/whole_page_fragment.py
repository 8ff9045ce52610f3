# wrong: the whole page, header query included, is one fragment, so a change of the metric reruns the fragment and asks kpis() again.
# task: 1
# expect-check: The header's query runs once
# expect-message: The header's query runs inside the fragment
import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


@st.fragment
def page():
    st.title("Shop dashboard")
    for column, (label, value) in zip(st.columns(3), header_numbers().items()):
        column.metric(label, value)
    st.subheader("Trend")
    metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
    st.line_chart(trend_data(metric))


page()
