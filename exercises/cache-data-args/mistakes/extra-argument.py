import streamlit as st

import speedlit


@st.cache_data
def region_summary(region, measure):
    sales = speedlit.region_sales(region)
    month = sales["date"].dt.strftime("%Y-%m").rename("month")
    totals = sales.groupby([month, "product"])[measure].sum().reset_index()
    return totals.pivot(index="month", columns="product", values=measure)


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

table = region_summary(region, measure)
st.metric(f"Total {measure} in {region}", f"{table.to_numpy().sum():,.0f}")
st.dataframe(table)
