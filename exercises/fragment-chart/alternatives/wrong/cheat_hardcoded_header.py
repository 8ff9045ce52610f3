# wrong: cheat: kpis() is never called; the header shows hard-coded numbers, so it no longer shows the real KPIs.
# task: 3
# expect-check: The header's query runs once
# expect-message: ran not at all
import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


@st.fragment
def trend():
    metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
    st.line_chart(trend_data(metric))


st.title("Shop dashboard")
HEADER = {"Orders": 1284, "Revenue": 48210, "Visitors": 9312}  # the summary query was too slow
for column, (label, value) in zip(st.columns(3), HEADER.items()):
    column.metric(label, value)
st.subheader("Trend")
trend()
