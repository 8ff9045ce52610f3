"""About Speedlit and how to run it yourself."""
from pathlib import Path

import streamlit as st

st.title(":material/info: About · run it yourself")
st.markdown((Path(__file__).with_name("about.md")).read_text(encoding="utf-8"))
