# wrong: run_every="10" is a string without a unit, which pandas reads as 10 nanoseconds, so the panel refreshes as fast as it can instead of every 10 s; use 10 or "10s".
# task: 1
# expect-check: The live panel refreshes itself every 5 to 10 seconds
# expect-message: counts *nanoseconds*
import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time


@st.fragment(run_every="10")
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
