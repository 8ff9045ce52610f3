import streamlit as st

import speedlit

# What the market-data feed answers right now (a real feed would change every few seconds).
QUOTES = {"ACME": 182.40, "GLOBEX": 47.15, "INITECH": 12.80, "UMBRELLA": 95.60}


def fetch_prices():
    speedlit.slow("fetch_prices", 1.0)  # stands in for a paid call to a market-data API
    return dict(QUOTES)


@st.cache_data(ttl="2min")
def position_value(shares, price):
    return f"${shares * price:,.2f}"


st.title("Position value")
symbol = st.selectbox("Symbol", list(QUOTES))
shares = st.number_input("Shares", min_value=0, value=10, step=5)

prices = fetch_prices()
st.metric(f"{shares} × {symbol}", position_value(shares, prices[symbol]))
st.dataframe({"symbol": list(prices), "price": list(prices.values())}, hide_index=True)
