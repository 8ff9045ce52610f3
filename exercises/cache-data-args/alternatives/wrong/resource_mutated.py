# wrong: st.cache_resource hands every caller the same DataFrame, and set_index(inplace=True) changes that shared object, so the next run (switching the measure, going back to a region) crashes with KeyError 'month'; the grader should say to use st.cache_data, which returns a copy.
# task: 1
# expect-check: The summary is cached with st.cache_data
# expect-message: hands each run its own copy
import streamlit as st

import speedlit


@st.cache_resource
def region_summary(region):
    sales = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
    month = sales["date"].dt.strftime("%Y-%m").rename("month")
    return sales.groupby([month, "product"])[["units", "revenue"]].sum().reset_index()


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = region_summary(region)
summary.set_index("month", inplace=True)
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(columns="product", values=measure))
