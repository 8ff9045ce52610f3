# wrong: the count is only increased when an order is placed, so choosing a tea or moving the slider (also reruns) is not counted; the grader should say every run must be counted, so the increment belongs at the top, not under `if placed`.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: whatever caused it
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

if "runs" not in st.session_state:
    st.session_state.runs = 1
caption = st.empty()

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.session_state.runs += 1
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
caption.caption(f"Script run #{st.session_state.runs} in this session")
