# wrong: cheat — the "count" is made up from how far the widgets are from their defaults, not from real runs (it goes back down when a widget returns to its default and ignores reruns); the grader should say the number does not match the script's real runs and must be kept in st.session_state.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: has run 5 times
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

runs_slot = st.empty()

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")

runs = 1 + (tea != "Green") + (cups != 2) + int(placed)
runs_slot.caption(f"Script run #{runs} in this session")
