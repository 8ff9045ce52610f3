# wrong: the count is increased twice per run (the helper adds 1 and the caller adds 1 again), so it goes 2, 4, 6…; the grader should say each run must add exactly one.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: goes up by 2
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}


def bump_runs():
    st.session_state.runs = st.session_state.get("runs", 0) + 1
    return st.session_state.runs


st.session_state.runs = bump_runs() + 1
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
