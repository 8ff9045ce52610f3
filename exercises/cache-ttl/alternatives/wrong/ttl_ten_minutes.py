# wrong: ttl=600 keeps prices for 10 minutes, longer than the desk's 5-minute limit, so the page can show prices up to 10 minutes old; the grader should say the ttl must be at most 5 minutes.
# task: 2
# expect-check: The prices are fetched again after 5 minutes, then reused
# expect-message: ttl = 600 s (10 min)
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl=600)  # 10 minutes: saves money
def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
