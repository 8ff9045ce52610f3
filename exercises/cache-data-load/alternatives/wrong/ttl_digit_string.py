# wrong: ttl="3600" is a bare number in quotes, which pandas reads as 3600 nanoseconds, so every call is a miss and the file is read on every click; the grader should say to write ttl=3600 or "1h" (or no ttl at all).
# task: 1
# expect-check: The dataset is loaded once
# expect-message: counts *nanoseconds*
import streamlit as st

import speedlit


@st.cache_data(ttl="3600")  # keep it for an hour
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
