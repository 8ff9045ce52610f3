# wrong: the count is right, but the caption was moved to the bottom of the page (after the form), changing the layout; the grader should say the caption must stay at the top and the rest of the page unchanged.
# task: 3
# expect-check: The counter is at the top and the rest of the page is unchanged
# expect-message: no longer at the top
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")

st.session_state.runs = st.session_state.get("runs", 0) + 1
st.caption(f"Script run #{st.session_state.runs} in this session")
