# wrong: one cached function builds the summaries of all four regions at the first run, so regions nobody looks at are queried too (4 queries before anything is shown); the grader should say each region must be queried only the first time it is shown — cache per region instead.
# task: 1
# expect-check: Each region's summary is computed once
# expect-message: queried several regions
import streamlit as st

import speedlit

REGIONS = ["North", "South", "East", "West"]


@st.cache_data
def all_summaries():
    result = {}
    for region in REGIONS:
        sales = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
        month = sales["date"].dt.strftime("%Y-%m").rename("month")
        result[region] = sales.groupby([month, "product"])[["units", "revenue"]].sum().reset_index()
    return result


st.title("Regional summary")
region = st.selectbox("Region", REGIONS)
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = all_summaries()[region]
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(index="month", columns="product", values=measure))
