import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()


def count_waiting():
    return speedlit.orders_waiting()


def right_now():
    st.subheader("Right now")
    st.metric("Orders waiting", count_waiting())
    st.button("Refresh now")


right_now = st.fragment(right_now, run_every="8")

st.title("Operations")
report = load_report()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())
right_now()
