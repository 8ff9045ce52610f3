# wrong: the queue is read once by the main script and handed to the timed fragment as an argument, so the panel reruns every 10 s but keeps showing the first count.
# task: 1
# expect-check: Every refresh asks the order queue again
# expect-message: The order queue is asked outside the fragment
import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time


@st.fragment(run_every=10)
def live_panel(snapshot):
    st.subheader("Right now")
    st.metric("Orders waiting", snapshot["waiting"])
    st.button("Refresh now")


st.title("Operations")
report = load_report()
queue = {"waiting": count_waiting()}
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())
live_panel(queue)
