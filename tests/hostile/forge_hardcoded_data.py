"""Attack (forged pass with hardcoded data): the sales table is embedded in the file (the
course's own data, as the lesson pages show it) and the service is never called.

Must happen: not passed — "The dataset is loaded once" fails (0 reads) and the page differs
from the reference, because each grading serves data of a secret variant.
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


st.title("Sales explorer")
sales = course_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
