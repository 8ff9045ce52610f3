import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

try:
    st.session_state.runs += 1
except AttributeError:  # first run of this tab: nothing stored yet
    st.session_state.runs = 1
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
