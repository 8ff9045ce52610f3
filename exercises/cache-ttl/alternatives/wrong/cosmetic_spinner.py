# wrong: only wrapped the fetch in a spinner (a cosmetic change); nothing is cached, so the paid feed is still called on every click; the grader should say to cache fetch_prices with a ttl.
# task: 1
# expect-check: The prices are fetched once while they are fresh
# expect-message: The function that calls the feed is not cached
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

with st.spinner("Fetching prices…"):
    prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
