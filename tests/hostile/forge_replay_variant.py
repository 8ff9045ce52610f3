"""Attack, part 2 of 2 (replaying what earlier gradings revealed): ``KNOWN`` holds, per variant
fingerprint, the scale factors that ``leak_collect_variant.py`` read from earlier gradings'
feedback (the test pastes them in, as a learner would). This app never calls
``speedlit.read_sales()``: it fingerprints the variant with the free ``weekly_orders`` and
computes the table from the course's own data.

Must happen: "The app shows the same as before, after every step" fails — a page can only be
right if the app asked.
"""
import base64
import hashlib
import io
import zlib

import numpy as np
import pandas as pd
import streamlit as st

import speedlit

# The course's own sales table (what the lesson pages show), embedded by the test: the
# whole CSV, zlib-compressed and base85-encoded (about 12 KB in a real attack).
SALES = "__SALES_CSV__"


def course_sales() -> pd.DataFrame:
    raw = zlib.decompress(base64.b85decode("".join(SALES.split())))
    return pd.read_csv(io.BytesIO(raw), parse_dates=["date"])



KNOWN = {}  # replaced by the test: {"112-95-130": [north, south, east, west], ...}


@st.cache_data
def replayed_sales() -> pd.DataFrame:
    seen = "-".join(str(v) for v in speedlit.weekly_orders("North")["orders"].head(3))
    frame = course_sales()
    for region, factor in zip(("North", "South", "East", "West"), KNOWN.get(seen, [1.0] * 4)):
        rows = frame["region"] == region
        frame.loc[rows, "units"] = (frame.loc[rows, "units"] * factor).round().astype(int)
        frame.loc[rows, "revenue"] = (frame.loc[rows, "revenue"] * factor).round(2)
    return frame


st.title("Sales explorer")
sales = replayed_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
