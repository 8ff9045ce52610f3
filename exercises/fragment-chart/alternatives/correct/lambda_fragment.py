import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


def show_trend(metrics):
    picked = st.selectbox("Metric", metrics)
    data = trend_data(picked)
    st.line_chart(data)


st.title("Shop dashboard")
kpis = header_numbers()
for column, (label, value) in zip(st.columns(3), kpis.items()):
    column.metric(label, value)

st.subheader("Trend")
st.fragment(show_trend)(["Sales", "Revenue", "Users"])
