"""Batch poison: bytes that are not UTF-8 (Latin-1 text and a lone 0xff).

Must happen: ``syntax`` ("not UTF-8"); the rest of the batch is graded.
"""
import streamlit as st

st.title('Café ÿ')
