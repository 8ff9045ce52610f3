import streamlit as st

import speedlit

CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CHF"]


def fetch_rates(base):
    return speedlit.exchange_rates(base)  # 1 s: a rates API (its rates change every 10 minutes)


st.title("Currency converter")
base = st.selectbox("From", CURRENCIES)
target = st.selectbox("To", CURRENCIES, index=1)
amount = st.number_input("Amount", min_value=0.0, value=100.0, step=10.0)

rates = fetch_rates(base)
st.metric(f"{amount:,.2f} {base} in {target}", f"{amount * rates[target]:,.2f}")
st.dataframe({"currency": list(rates), "rate": list(rates.values())}, hide_index=True)
