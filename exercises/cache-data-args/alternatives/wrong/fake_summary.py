# wrong: cheat — never runs the query; builds a plausible-looking summary from a seeded random generator, so the page is fast but its numbers are invented; the grader should say the metric and table differ from the real data and the query must still run once per region.
# task: 2
# expect-check: Each region's summary is computed once
# expect-message: ran not at all
import numpy as np
import pandas as pd
import streamlit as st


@st.cache_data
def region_summary(region):
    rng = np.random.default_rng(sum(map(ord, region)))
    months = ["2026-01", "2026-02", "2026-03", "2026-04"]
    rows = [(m, p) for m in months for p in ["Cocoa", "Coffee", "Tea"]]
    summary = pd.DataFrame(rows, columns=["month", "product"])
    summary["units"] = rng.integers(800, 1500, len(summary))
    summary["revenue"] = (summary["units"] * rng.uniform(3, 8, len(summary))).round(2)
    return summary


st.title("Regional summary")
region = st.selectbox("Region", ["North", "South", "East", "West"])
measure = st.radio("Measure", ["revenue", "units"], horizontal=True)

summary = region_summary(region)
st.metric(f"Total {measure} in {region}", f"{summary[measure].sum():,.0f}")
st.dataframe(summary.pivot(index="month", columns="product", values=measure))
