# wrong: ttl="20s" is below the feed contract's minimum of 30 seconds between calls, so a busy page calls the feed every 20 s; the grader should say the ttl must be at least 30 s.
# task: 2
# expect-check: The prices are fetched once while they are fresh
# expect-message: ttl = 20 s
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl="20s")  # prices change every minute, stay well within that
def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
