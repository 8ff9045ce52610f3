# wrong: caches the filtering step (keyed on the whole DataFrame) instead of the loader, so speedlit.read_sales() still runs on every rerun; the grader should say the slow read is load_sales and that is the function to cache.
# task: 1
# expect-check: The dataset is loaded once
# expect-message: The file is read outside any Streamlit cache
import streamlit as st

import speedlit


def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


@st.cache_data
def pick_region(sales, region):
    return sales[sales["region"] == region]


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = pick_region(sales, region)
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
