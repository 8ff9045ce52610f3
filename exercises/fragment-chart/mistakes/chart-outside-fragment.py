import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()


def trend_data(metric):
    return speedlit.metric_series(metric)


@st.fragment
def choose_metric():
    st.subheader("Trend")
    return st.selectbox("Metric", ["Sales", "Revenue", "Users"])


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

metric = choose_metric()
st.line_chart(trend_data(metric))
