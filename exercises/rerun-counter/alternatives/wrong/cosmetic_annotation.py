# wrong: only renamed the variable and added a type hint; it is still a plain variable that starts over on every run, so the caption says #1 forever; the grader should say to keep the count in st.session_state.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: plain variable starts over
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

run_count: int = 0
run_count = run_count + 1  # count this run of the script
st.caption(f"Script run #{run_count} in this session")

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
