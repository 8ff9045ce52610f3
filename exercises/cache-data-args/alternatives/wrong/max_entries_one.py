# wrong: max_entries=1 keeps only the last region's summary, so going back to a region seen before runs its query again; the grader should say the cache must hold every region (drop max_entries or make it at least 4).
# task: 1
# expect-check: Each region's summary is computed once
# expect-message: keeps too few summaries
import streamlit as st

import speedlit


@st.cache_data(max_entries=1)  # save memory
def region_summary(region):
    sales = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
    month = sales["date"].dt.strftime("%Y-%m").rename("month")
    return sales.groupby([month, "product"])[["units", "revenue"]].sum().reset_index()


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = region_summary(region)
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(index="month", columns="product", values=measure))
