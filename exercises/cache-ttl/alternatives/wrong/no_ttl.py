# wrong: plain @st.cache_data without a ttl keeps the first prices forever, so the page never fetches fresh prices after 5 minutes; the grader should say to add a ttl between 30 s and 5 min.
# task: 1
# expect-check: The prices are fetched again after 5 minutes, then reused
# expect-message: Without a ttl a cached entry never expires
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data
def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
