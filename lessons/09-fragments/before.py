import streamlit as st

import speedlit


def order_panel():
    st.subheader("Order lookup")
    number = st.number_input("Order number", 1000, 1099, 1000)
    status = "shipped" if number in st.session_state.shipped else "waiting"
    st.write(f"Order {number} is **{status}**.")
    if st.button("Mark as shipped"):
        st.session_state.shipped.add(number)
        st.rerun()  # redraw with the new status


if "shipped" not in st.session_state:
    st.session_state.shipped = set()
st.title("Shop floor")
st.bar_chart(speedlit.live_sales())  # 1.5 s: orders per hour today (they change every minute)
order_panel()
