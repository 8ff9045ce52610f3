# wrong: the ttl cache was put on a helper that builds the table from the prices, while fetch_prices (the paid call) stays uncached, so the feed is still called on every click; the grader should say to cache fetch_prices itself.
# task: 1
# expect-check: The prices are fetched once while they are fresh
# expect-message: The function that calls the feed is not cached
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


@st.cache_data(ttl=120)
def price_table(prices):
    return {"symbol": list(prices), "price": list(prices.values())}


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe(price_table(prices), hide_index=True)
