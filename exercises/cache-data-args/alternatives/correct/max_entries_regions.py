import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


@st.cache_data(max_entries=len(REGIONS))  # one summary per region, never more
def region_summary(region):
    sales = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
    month = sales["date"].dt.strftime("%Y-%m").rename("month")
    return sales.groupby([month, "product"])[["units", "revenue"]].sum().reset_index()


st.title("Regional summary")
region = st.selectbox("Region", REGIONS)
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = region_summary(region)
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(index="month", columns="product", values=measure))
