# wrong: the live count is cached with st.cache_data, so the timed refreshes reuse the first answer and never ask the order queue again: the number is frozen.
# task: 1
# expect-check: Every refresh asks the order queue again
# expect-message: The live query is cached
import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


@st.cache_data
def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time


@st.fragment(run_every=10)
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
