# wrong: refresh_mode="background" serves the old prices for up to one extra ttl while it refreshes, so with ttl=4min the page shows prices up to 8 minutes old (and the first run after expiry still shows the expired prices); the grader should say the prices shown got older than 5 minutes.
# task: 1
# expect-check: The page shows the prices the feed gives, never too old
# expect-message: refresh_mode="background"
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl="4min", refresh_mode="background")  # nobody waits for the feed
def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
