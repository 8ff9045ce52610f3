import time

import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}

# one timestamp per run of this tab; the count is just how many there are
history = st.session_state.setdefault("run_times", [])
history.append(time.time())
st.caption(f"Script run #{len(history)} in this session")

st.title("Tea shop")
tea = st.selectbox("Tea", list(PRICES))
cups = st.slider("Cups", 1, 10, 2)
st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

with st.form("order"):
    name = st.text_input("Name")
    placed = st.form_submit_button("Place order")
if placed:
    st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")
