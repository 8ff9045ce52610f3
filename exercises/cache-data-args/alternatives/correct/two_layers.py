import streamlit as st

import speedlit


@st.cache_data
def region_summary(region):
    sales = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
    month = sales["date"].dt.strftime("%Y-%m").rename("month")
    return sales.groupby([month, "product"])[["units", "revenue"]].sum().reset_index()


@st.cache_data
def measure_table(region, measure):
    # cheap: reuses the cached summary, so a new measure never runs the query
    summary = region_summary(region)
    return summary[measure].sum(), summary.pivot(index="month", columns="product", values=measure)


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

total, table = measure_table(region, measure)
st.metric(f"Total {measure} in {region}", f"{total:,.0f}")
st.dataframe(table)
