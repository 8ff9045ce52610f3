import streamlit as st

import speedlit


@st.cache_data
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

st.selectbox("Region", sorted(sales["region"].unique()), key="region")
st.slider("Rows to show", 5, 50, 10, key="rows")

picked = sales[sales["region"] == st.session_state.region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(st.session_state.rows), hide_index=True)
