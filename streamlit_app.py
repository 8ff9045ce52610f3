"""Entry point: `streamlit run streamlit_app.py`."""
import streamlit as st

st.set_page_config(page_title="Speedlit", page_icon="⚡", layout="wide")
st.navigation([st.Page("course/home.py", title="Home", icon="🏠", default=True)]).run()
