# wrong: the counter lives in an st.cache_resource object shared by every session, so a second tab continues the first tab's count (and moves it); the grader should say to keep the count in st.session_state, which belongs to one tab.
# task: 2
# expect-check: A second browser tab counts its own runs
# expect-message: shared by every session
import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}


@st.cache_resource
def run_counter():
    return {"runs": 0}


counter = run_counter()
counter["runs"] += 1
st.caption(f"Script run #{counter['runs']} in this session")

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
