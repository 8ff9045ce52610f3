import streamlit as st

import speedlit


class Ops:
    @staticmethod
    def report():
        return speedlit.yearly_report()

    @staticmethod
    @st.fragment(run_every=8.5, key="live")
    def live():
        st.subheader("Right now")
        st.metric("Orders waiting", speedlit.orders_waiting())
        st.button("Refresh now", on_click=lambda: st.rerun("live"))


st.title("Operations")
report = Ops.report()
st.subheader("Revenue this year")
st.bar_chart(report)
st.metric("Best month", report["revenue"].idxmax())
Ops.live()
