import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", REGIONS)
product = st.selectbox("Product", ["All", "Cocoa", "Coffee", "Tea"])
rows = st.slider("Rows", 5, 50, 10)

picked = sales[sales["region"] == region]
if product != "All":
    picked = picked[picked["product"] == product]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
