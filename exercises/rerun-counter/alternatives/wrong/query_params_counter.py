# wrong: keeps the count in st.query_params (the URL), not st.session_state; a second tab opened with the same URL continues the first tab's count instead of starting at 1, and the URL changes on every click; the grader should say to keep the count in st.session_state.
# task: 1
# expect-check: The count is right after every step in a browser tab
# expect-message: reload the page
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

runs = int(st.query_params.get("runs", 0)) + 1
st.query_params["runs"] = str(runs)
st.caption(f"Script run #{runs} in this session")

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
