# wrong: cheat — never calls the price feed; shows fixed made-up prices, so the page is instant and free but wrong; the grader should say the prices shown are not the feed's and the feed must still be called (once per ttl).
# task: 3
# expect-check: The prices are fetched once while they are fresh
# expect-message: ran the price feed (`quotes`) not at all
import streamlit as st

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]


@st.cache_data(ttl="2min")
def fetch_prices():
    return {"ACME": 101.25, "GLOBEX": 57.80, "INITECH": 12.40, "UMBRELLA": 233.10}


st.title("Position value")
symbol = st.selectbox("Symbol", SYMBOLS)
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
