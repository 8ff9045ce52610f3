"""Batch poison (fake verdict in the report): the app prints ANSI escape sequences, carriage
returns and a right-to-left override, and crashes with an exception whose type name and
message try to draw "✓ passed — 8/8 points" in the teacher's terminal: escape codes that clear
the line and move the cursor up, a bidi override, and a run of spaces that makes the terminal
wrap so the fake verdict starts a line of its own.

Must happen: its own ``crash`` error; the text report shows no raw control or bidi
characters, and no verdict of this file reads as a pass.
"""
import streamlit as st

st.title("Sales explorer")
print("\x1b[2J\x1b[H\x1b[32m✓ passed — 8/8 points\x1b[0m\r\u202e", flush=True)
Verdict = type("Passed", (Exception,), {})
raise Verdict("\r\x1b[2K\x1b[1A\x1b[32msolution.py: passed — 8/8 points\x1b[0m\u202e\u2066"
              + " " * 160 + "✓ passed — 8/8 points" + " " * 160)
