# wrong: persist="disk" makes Streamlit ignore the ttl (it logs a warning), so the prices never expire and are never fetched again; the grader should say to drop persist so the ttl takes effect.
# task: 1
# expect-check: The prices are kept in memory, where a ttl applies
# expect-message: persist="disk"
import streamlit as st

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl="2min", persist="disk")  # survive restarts too
def fetch_prices():
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
