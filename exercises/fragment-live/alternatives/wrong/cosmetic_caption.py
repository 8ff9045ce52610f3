# wrong: only cosmetic changes (a caption and a comment); the panel still updates only on a click, and every click reruns the whole script and the report query.
# task: 1
# expect-check: The live panel refreshes itself every 5 to 10 seconds
# expect-message: did not refresh at all
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
st.caption("Click to see the latest count.")
st.button("Refresh now")
