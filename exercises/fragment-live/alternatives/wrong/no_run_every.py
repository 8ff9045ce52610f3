# wrong: the panel is a fragment but has no run_every, so it never refreshes by itself; only a click updates the count.
# task: 1
# expect-check: The live panel refreshes itself every 5 to 10 seconds
# expect-message: A plain `@st.fragment` reruns only when a widget inside it is used
import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time


@st.fragment
def live_panel():
    st.subheader("Right now")
    st.metric("Orders waiting", count_waiting())
    st.button("Refresh now")


st.title("Operations")
report = load_report()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())

live_panel()
