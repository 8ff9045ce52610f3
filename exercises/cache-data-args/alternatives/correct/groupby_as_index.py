import streamlit as st

import speedlit


@st.cache_data
def region_summary(region):
    rows = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
    rows["month"] = rows["date"].dt.strftime("%Y-%m")
    summary = rows.groupby(["month", "product"], as_index=False)[["units", "revenue"]].sum()
    return summary


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = region_summary(region)
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(index="month", columns="product", values=measure))
