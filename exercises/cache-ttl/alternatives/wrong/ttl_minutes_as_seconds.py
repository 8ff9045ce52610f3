# wrong: ttl=5 was meant as "5 minutes" but ttl is in seconds, so prices expire after 5 s and the feed is called far more often than once every 30 s; the grader should say the ttl is too short (at least 30 s).
# task: 2
# expect-check: The prices are fetched once while they are fresh
# expect-message: ttl = 5 s
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl=5)  # 5 minutes max, as the desk asks
def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
