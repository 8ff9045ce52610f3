# wrong: timedelta(300) means 300 days, not 300 seconds (the first positional argument of timedelta is days), so the prices are never refreshed; the grader should say the ttl is far longer than 5 minutes and to write timedelta(seconds=300).
# task: 2
# expect-check: The prices are fetched again after 5 minutes, then reused
# expect-message: they are kept longer than 5 minutes
from datetime import timedelta

import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl=timedelta(300))
def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
