import streamlit as st
from streamlit import fragment

import speedlit

METRICS = ["Sales", "Revenue", "Users"]


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


@fragment
def metric_chart(options):
    choice = st.selectbox("Metric", options)
    st.line_chart(trend_data(choice))


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

st.subheader("Trend")
metric_chart(METRICS)
