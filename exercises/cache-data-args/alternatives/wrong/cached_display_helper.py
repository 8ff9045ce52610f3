# wrong: caches the cheap pivot step (keyed on the summary and measure) but leaves region_summary, which runs the query, uncached; the grader should say the decorator belongs on region_summary.
# task: 1
# expect-check: Each region's summary is computed once
# expect-message: outside any Streamlit cache
import streamlit as st

import speedlit


def region_summary(region):
    sales = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
    month = sales["date"].dt.strftime("%Y-%m").rename("month")
    return sales.groupby([month, "product"])[["units", "revenue"]].sum().reset_index()


@st.cache_data
def pivot_for(summary, measure):
    return summary.pivot(index="month", columns="product", values=measure)


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = region_summary(region)
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(pivot_for(summary, measure))
