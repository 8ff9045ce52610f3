# wrong: cached with st.cache_data, but st.cache_data.clear() at the top of the script (to "keep the data fresh") empties the cache on every rerun, so the file is read on every click; the grader should say clearing the cache on each run undoes it.
# task: 1
# expect-check: The dataset is loaded once
# expect-message: `.clear()` on the cache runs on every rerun
import streamlit as st

import speedlit

st.cache_data.clear()  # make sure we never show stale data


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
