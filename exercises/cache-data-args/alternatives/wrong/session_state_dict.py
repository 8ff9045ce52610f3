# wrong: keeps the summaries in a per-tab dict in st.session_state, so another user (another session) runs every query again; the grader should say session state is per session and st.cache_data shares results between users.
# task: 1
# expect-check: Each region's summary is computed once
# expect-message: belongs to one session
import streamlit as st

import speedlit


def region_summary(region):
    sales = speedlit.region_sales(region)  # 1.2 s: a heavy query, run per region
    month = sales["date"].dt.strftime("%Y-%m").rename("month")
    return sales.groupby([month, "product"])[["units", "revenue"]].sum().reset_index()


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summaries = st.session_state.setdefault("summaries", {})
if region not in summaries:
    summaries[region] = region_summary(region)
summary = summaries[region]
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(index="month", columns="product", values=measure))
