import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()


def count_waiting():
    return speedlit.orders_waiting()


@st.fragment(run_every=10)
def right_now():
    st.subheader("Right now")
    st.metric("Orders waiting", count_waiting())
    st.button("Refresh now")


st.title("Operations")
report = load_report()
right_now()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())
