import streamlit as st

import speedlit


@st.cache_data(show_spinner=False)
def load_report():
    return speedlit.yearly_report()  # 2 s: a heavy query over a year of orders


def count_waiting():
    return speedlit.orders_waiting()  # 0.3 s: the order queue, which changes all the time


@st.fragment(run_every="6 seconds")
def live():
    st.subheader("Right now")
    waiting = count_waiting()
    st.metric("Orders waiting", waiting)
    st.button("Refresh now")


def main():
    st.title("Operations")
    report = load_report()
    st.subheader("Revenue this year")
    st.bar_chart(report)
    st.metric("Best month", report["revenue"].idxmax())
    live()


main()
