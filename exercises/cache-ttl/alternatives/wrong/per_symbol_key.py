# wrong: the cached fetch takes the symbol as an argument although quotes() returns all prices at once, so each symbol is its own cache entry and the paid feed is called again for every new symbol picked; the grader should say the prices are fetched more than once while fresh.
# task: 1
# expect-check: The prices are fetched once while they are fresh
# expect-message: “set 'Symbol' to 'GLOBEX'” ran the price feed
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl="2min")
def fetch_prices(symbol):
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices(symbol)
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
