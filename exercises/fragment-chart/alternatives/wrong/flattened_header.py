# wrong: the header metrics are written one under the other instead of in three columns, so the page no longer looks as before.
# task: 3
# expect-check: The chart follows every selection; the page looks the same
# expect-message: row of 3 columns
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
for label, value in header_numbers().items():
    st.metric(label, value)
st.subheader("Trend")
trend()
