# wrong: cheat: orders_waiting() is never called; the panel shows a random number that changes on each refresh instead of the real queue.
# task: 1
# expect-check: Every refresh asks the order queue again
# expect-message: never asks the order queue
import random

import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time


@st.fragment(run_every=10)
def live_panel():
    st.subheader("Right now")
    st.metric("Orders waiting", random.randint(5, 40))  # the real queue call was slow
    st.button("Refresh now")


st.title("Operations")
report = load_report()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())

live_panel()
