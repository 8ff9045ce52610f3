import streamlit as st

import speedlit

# What the rates service would answer today: units of each currency per euro.
PER_EURO = {"EUR": 1.0, "USD": 1.08, "GBP": 0.85, "JPY": 161.9, "CHF": 0.94}


def fetch_rates(base):
    speedlit.slow("fetch_rates", 1.0)  # stands in for a call to a rates API
    return {code: round(rate / PER_EURO[base], 4) for code, rate in PER_EURO.items()}


st.title("Currency converter")
base = st.selectbox("From", list(PER_EURO))
target = st.selectbox("To", list(PER_EURO), index=1)
amount = st.number_input("Amount", min_value=0.0, value=100.0, step=10.0)

rates = fetch_rates(base)
st.metric(f"{amount:,.2f} {base} in {target}", f"{amount * rates[target]:,.2f}")
st.dataframe({"currency": list(rates), "rate": list(rates.values())}, hide_index=True)
