# wrong: the selectbox is in a fragment but the chart is drawn outside it from session state, so a fragment rerun never redraws the chart: it stays on the first metric.
# task: 3
# expect-check: The chart follows every selection; the page looks the same
# expect-message: The chart is drawn outside the fragment
import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


@st.fragment
def picker():
    st.session_state.metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

st.subheader("Trend")
picker()
st.line_chart(trend_data(st.session_state.get("metric", "Sales")))
