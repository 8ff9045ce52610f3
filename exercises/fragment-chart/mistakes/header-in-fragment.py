import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()


def trend_data(metric):
    return speedlit.metric_series(metric)


@st.fragment
def dashboard():
    numbers = header_numbers()
    for column, (label, value) in zip(st.columns(3), numbers.items()):
        column.metric(label, value)
    st.subheader("Trend")
    metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
    st.line_chart(trend_data(metric))


st.title("Shop dashboard")
dashboard()
