# wrong: the cached function takes the measure as a second argument, so switching between revenue and units is a new cache key and runs the region's query again; the grader should say to keep region the only argument and pick the measure after the call.
# task: 1
# expect-check: Each region's summary is computed once
# expect-message: switching the measure ran the query again
import streamlit as st

import speedlit


@st.cache_data
def region_summary(region, measure):
    sales = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
    month = sales["date"].dt.strftime("%Y-%m").rename("month")
    return sales.groupby([month, "product"])[measure].sum().reset_index()


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = region_summary(region, measure)
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(index="month", columns="product", values=measure))
