# wrong: the fragment calls st.rerun() after each change of the metric to "refresh the page", which reruns the whole app and the header query every time.
# task: 1
# expect-check: Changing the metric reruns only the chart section
# expect-message: `st.rerun()` inside the fragment reruns the whole app
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
    if st.session_state.get("last_metric", metric) != metric:
        st.session_state.last_metric = metric
        st.rerun()
    st.session_state.last_metric = metric


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

st.subheader("Trend")
trend()
