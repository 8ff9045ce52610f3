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

live_area = st.container()


@st.fragment(run_every=8)
def refresh_live():
    with live_area:
        st.subheader("Right now")
        slot = st.empty()
        slot.metric("Orders waiting", count_waiting())
        st.button("Refresh now")


refresh_live()
