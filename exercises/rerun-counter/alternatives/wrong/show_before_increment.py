# wrong: the caption is shown before the count is increased, so it is one behind (the first run says #0); the grader should say the count is off by one and to add 1 before showing it.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: one run behind
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

if "runs" not in st.session_state:
    st.session_state.runs = 0
st.caption(f"Script run #{st.session_state.runs} in this session")
st.session_state.runs += 1

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
