# wrong: ttl="600" means 600 nanoseconds to pandas, so every entry has expired by the next run and the query runs on every click; the grader should say to write ttl=600 or "10min" (or no ttl).
# task: 1
# expect-check: Each region's summary is computed once
# expect-message: counts *nanoseconds*
import streamlit as st

import speedlit


@st.cache_data(ttl="600")
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
