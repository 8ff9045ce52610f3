# wrong: ttl="120" is a bare number in quotes, which pandas reads as 120 nanoseconds, so every call is a miss and the paid feed is called on every click; the grader should say to write ttl=120 or ttl="2min".
# task: 2
# expect-check: The prices are fetched once while they are fresh
# expect-message: counts *nanoseconds*
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl="120")
def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
