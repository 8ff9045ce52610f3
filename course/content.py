"""Cached access to course content for the pages (loaded once per server, not once per rerun)."""
from __future__ import annotations

import streamlit as st

from checkers import course


@st.cache_data(show_spinner=False)
def exercise_list() -> list[dict]:
    """Id, title, lesson and points of every exercise, in course order."""
    return [{"id": e.id, "title": e.title, "lesson": e.lesson, "summary": e.summary,
             "points": e.max_score} for e in course.exercises()]
