from datetime import timedelta

import streamlit as st
from streamlit import cache_data

import speedlit

SYMBOLS = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"]
MAX_AGE = timedelta(minutes=4, seconds=30)


@cache_data(ttl=MAX_AGE)
def get_quotes() -> dict:
    return speedlit.quotes()  # 1 s: a paid market-data API; its prices change every minute


def main():
    st.title("Position value")
    symbol = st.selectbox("Symbol", SYMBOLS)
    shares = st.number_input("Shares", min_value=0, value=10, step=5)

    prices = get_quotes()
    st.metric(f"{shares} × {symbol}", f"${shares * prices[symbol]:,.2f}")
    st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)


main()
