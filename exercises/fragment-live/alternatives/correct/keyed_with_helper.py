import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time


def show_queue(label):
    st.metric(label, count_waiting())


@st.fragment(run_every=10.0, key="live")
def live_panel():
    st.subheader("Right now")
    show_queue("Orders waiting")
    st.button("Refresh now", on_click=lambda: None)


st.title("Operations")
report = load_report()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())

live_panel()
