# wrong: the default passed to .get() is 1, so the first run already shows #2 (every count is one too high); the grader should say the count is off by one.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: one too high
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

st.session_state["runs"] = st.session_state.get("runs", 1) + 1
st.caption(f"Script run #{st.session_state['runs']} in this session")

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
