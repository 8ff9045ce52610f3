import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()


def trend_data(metric):
    return speedlit.metric_series(metric)


def metric_changed():
    st.session_state.changed = True


@st.fragment
def trend():
    st.subheader("Trend")
    metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"], on_change=metric_changed)
    st.line_chart(trend_data(metric))
    if st.session_state.pop("changed", False):
        st.rerun()


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

trend()
