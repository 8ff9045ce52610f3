# wrong: the count is set to 0 in session_state on every run before adding 1 (no "only if missing" check), so it says #1 forever; the grader should say the starting value must be set only when the key is missing.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: sets the count back
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

st.session_state.runs = 0
st.session_state.runs += 1
st.caption(f"Script run #{st.session_state.runs} in this session")

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
