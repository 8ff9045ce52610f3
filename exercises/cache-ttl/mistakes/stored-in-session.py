import time

import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]
MAX_AGE = 120  # seconds


def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

cached = st.session_state.get("prices")
if cached is None or time.monotonic() - cached[0] >= MAX_AGE:
    cached = st.session_state.prices = (time.monotonic(), fetch_prices())
prices = cached[1]
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
