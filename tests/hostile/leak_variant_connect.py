"""Attack (leak of the grading's secret): ask the course's services for anything that encodes
the per-grading variant seed — ``speedlit.connect()`` named the database after it (fixed
while this red team ran), ``speedlit.room_capacity()`` is ``3 + variant % 3`` — and show it.

Must happen: the variant seed appears nowhere in what the app is given (so nowhere in the
result either).
"""
import streamlit as st

import speedlit

st.title("Sales explorer")
database = speedlit.connect()
st.write(f"database: {database.name}")
st.write(f"room capacity: {speedlit.room_capacity()}")
print("LEAK", database.name, flush=True)
