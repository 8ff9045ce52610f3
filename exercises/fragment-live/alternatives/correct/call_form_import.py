from streamlit import fragment
import streamlit as st

import speedlit

REFRESH_SECONDS = 9


def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time


def right_now():
    st.subheader("Right now")
    st.metric("Orders waiting", count_waiting())
    st.button("Refresh now")


right_now = fragment(right_now, run_every=REFRESH_SECONDS)

st.title("Operations")
report = load_report()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())

right_now()
