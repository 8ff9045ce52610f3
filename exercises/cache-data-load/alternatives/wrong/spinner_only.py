# wrong: only wrapped the load in a spinner (a cosmetic change): nothing is cached, so the file is still read on every interaction; the grader should say to cache load_sales with @st.cache_data.
# task: 1
# expect-check: The dataset is loaded once
# expect-message: The file is read outside any Streamlit cache
import streamlit as st

import speedlit


def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
with st.spinner("Loading sales…"):
    sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
