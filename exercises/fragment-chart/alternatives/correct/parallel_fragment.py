import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


@st.fragment(parallel=True)
def trend():
    st.subheader("Trend")
    metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
    st.line_chart(trend_data(metric))


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

trend()
