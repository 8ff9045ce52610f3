import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


@st.cache_data
def summaries():
    out = {}
    for name in REGIONS:
        sales = speedlit.region_sales(name)
        month = sales["date"].dt.strftime("%Y-%m").rename("month")
        out[name] = sales.groupby([month, "product"])[["units", "revenue"]].sum().reset_index()
    return out


st.title("Regional summary")
region = st.selectbox("Region", REGIONS)
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = summaries()[region]
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(index="month", columns="product", values=measure))
