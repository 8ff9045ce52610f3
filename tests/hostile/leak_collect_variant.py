"""Attack, part 1 of 2 (learning the secret variants across gradings): the variant a grading
draws is one of a few seeds fixed for the grader's whole life, so what one grading shows
stays true for later ones. This app asks ``read_sales`` once, works out the factor each
region's numbers were scaled by (an interval that reproduces every rounded cell), takes a
fingerprint of the variant from a free service (``weekly_orders``: no latency, another
name), and smuggles both out in its title — which the grader quotes back in its feedback
("element 1 shows a title “…”"), so hidden stdout would not stop it.

Must happen: what a grading reveals does not let a later grading show the right page
without asking (see ``forge_replay_variant.py``).
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



sales = speedlit.read_sales()
base = course_sales()
factors = []
for region in ("North", "South", "East", "West"):
    rows = (base["region"] == region).to_numpy()
    lo, hi = 0.0, 10.0
    for column, half in (("revenue", 0.005), ("units", 0.5)):
        b = base.loc[rows, column].to_numpy(dtype=float)
        s = sales.loc[rows, column].to_numpy(dtype=float)
        keep = b > 0
        lo = max(lo, float(((s[keep] - half) / b[keep]).max()))
        hi = min(hi, float(((s[keep] + half) / b[keep]).min()))
    factors.append(f"{(lo + hi) / 2:.10f}")
print_me = "-".join(str(v) for v in speedlit.weekly_orders("North")["orders"].head(3))
st.title(f"V{print_me} " + " ".join(factors))
