import streamlit as st

import speedlit


def load_report():
    return speedlit.yearly_report()


def count_waiting():
    return speedlit.orders_waiting()


@st.fragment(run_every=10)
def right_now(waiting):
    st.subheader("Right now")
    st.metric("Orders waiting", waiting)
    st.button("Refresh now")


st.title("Operations")
report = load_report()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())
right_now(count_waiting())
