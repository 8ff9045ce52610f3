"""Speedlit's Streamlit app: thin pages that render what the content folders and the engine give."""
