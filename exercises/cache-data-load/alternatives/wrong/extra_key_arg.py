# wrong: the cached loader takes the region as an argument it does not need (it still reads the whole file), so each region is a new cache key and reads the file again; the grader should say arguments are the cache key and the loader should take none.
# task: 1
# expect-check: The dataset is loaded once
# expect-message: takes an argument it does not need (`region`)
import streamlit as st

import speedlit


@st.cache_data
def load_sales(region):
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
region = st.selectbox("Region", ["East", "North", "South", "West"])
sales = load_sales(region)
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
