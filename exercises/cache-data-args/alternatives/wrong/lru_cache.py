# wrong: functools.lru_cache is rebuilt empty on every rerun (Streamlit re-executes the script and redefines the function), so the query runs on every click; the grader should say to use st.cache_data, whose cache survives reruns and is shared by users.
# task: 1
# expect-check: Each region's summary is computed once
# expect-message: defining the function anew with an empty cache
from functools import lru_cache

import streamlit as st

import speedlit


@lru_cache(maxsize=8)
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
