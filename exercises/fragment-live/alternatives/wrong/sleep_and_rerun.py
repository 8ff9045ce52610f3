# wrong: the script sleeps 6 s and calls st.rerun() to stay live, which reruns the whole page, report query included, every six seconds.
# task: 2
# expect-check: The live panel refreshes itself every 5 to 10 seconds
# expect-message: did not finish in time
import time

import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time

st.title("Operations")
report = load_report()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())

st.subheader("Right now")
st.metric("Orders waiting", count_waiting())
st.button("Refresh now")
time.sleep(6)  # then start over, so the number stays fresh
st.rerun()
