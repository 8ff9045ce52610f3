# wrong: cheat — never calls speedlit.read_sales(); builds a random table of the same shape instead, so the app is fast but shows made-up numbers; the grader should say the revenue and table differ from the real data and the file must still be read (once).
# task: 2
# expect-check: The dataset is loaded once
# expect-message: ran not at all
import numpy as np
import pandas as pd
import streamlit as st


@st.cache_data
def load_sales():
    rng = np.random.default_rng(0)
    days = pd.date_range("2026-01-01", periods=120, freq="D")
    rows = [(d, r, p) for d in days for r in ["East", "North", "South", "West"]
            for p in ["Cocoa", "Coffee", "Tea"]]
    sales = pd.DataFrame(rows, columns=["date", "region", "product"])
    sales["units"] = rng.integers(5, 60, len(sales))
    sales["revenue"] = (sales["units"] * rng.uniform(2, 9, len(sales))).round(2)
    return sales


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
