# wrong: counts only widget changes through on_change callbacks, so clicking "Place order" (a rerun too) is not counted; the grader should say the count must go up on every run of the script, not only on widget changes.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: whatever caused it
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

st.session_state.setdefault("runs", 1)


def count_rerun():
    st.session_state.runs += 1


st.caption(f"Script run #{st.session_state.runs} in this session")

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES), on_change=count_rerun)
cups = st.slider("Cups", 1, 10, 2, on_change=count_rerun)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
