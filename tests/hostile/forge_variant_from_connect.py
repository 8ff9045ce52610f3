"""Attack (leak → forged page): ``speedlit.connect()`` answered ``"orders-db-<variant>"``, the
grading's secret variant seed (it answers a plain ``"orders-db"`` since a fix made while this
red team ran; this file now crashes on it and stays as a regression test). With it, the
course's algorithm (a public repository) and data (the lesson pages), the app computed the
variant's sales table itself and never called ``speedlit.read_sales()``.

Must happen: the page cannot be right without asking: "The app shows the same as before,
after every step" fails (and nothing of this grading's variant is learnt by the app).
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


def rng(variant: int, *salt) -> np.random.Generator:
    text = repr((variant,) + salt).encode()
    return np.random.default_rng(int.from_bytes(hashlib.sha256(text).digest()[:8], "big"))


@st.cache_data
def variant_sales() -> pd.DataFrame:
    name = speedlit.connect().name          # "orders-db-<variant>": 1 s, but not read_sales
    variant = int(name.rsplit("-", 1)[1])
    frame = course_sales()
    if variant:
        for region in ("North", "South", "East", "West"):
            rows = frame["region"] == region
            factor = float(rng(variant, "scale", "sales", region).uniform(0.8, 1.25))
            frame.loc[rows, "units"] = (frame.loc[rows, "units"] * factor).round().astype(int)
            frame.loc[rows, "revenue"] = (frame.loc[rows, "revenue"] * factor).round(2)
    return frame


st.title("Sales explorer")
sales = variant_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
