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
