# wrong: the fragment draws the chart into a container made above the "Trend" heading, so the chart now appears above the heading and the selectbox instead of below them.
# task: 3
# expect-check: The chart follows every selection; the page looks the same
# expect-message: in another order: the reference shows a subheader here, your app a chart
import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)
chart_slot = st.container()


@st.fragment
def trend():
    st.subheader("Trend")
    metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
    chart_slot.line_chart(trend_data(metric))


trend()
