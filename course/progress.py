"""Where each learner stopped: a small SQL database reached through ``st.connection``.

A learner is known by a short id in the page's URL (``?me=…``), so a bookmark brings them back
to their progress on any device; nothing is tied to a login. The database is SQLite by default
(``.progress/progress.sqlite`` beside the app, or ``SPEEDLIT_PROGRESS_URL`` for any SQLAlchemy
URL, e.g. a workshop's PostgreSQL).
"""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import streamlit as st
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = [
    "CREATE TABLE IF NOT EXISTS visits (learner TEXT NOT NULL, page TEXT NOT NULL, "
    "at REAL NOT NULL, PRIMARY KEY (learner, page))",
    "CREATE TABLE IF NOT EXISTS scores (learner TEXT NOT NULL, exercise TEXT NOT NULL, "
    "score REAL NOT NULL, max_score REAL NOT NULL, at REAL NOT NULL, "
    "PRIMARY KEY (learner, exercise))",
    "CREATE TABLE IF NOT EXISTS drafts (learner TEXT NOT NULL, exercise TEXT NOT NULL, "
    "code TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (learner, exercise))",
]


def _url() -> str:
    if os.environ.get("SPEEDLIT_PROGRESS_URL"):
        return os.environ["SPEEDLIT_PROGRESS_URL"]
    folder = ROOT / ".progress"
    folder.mkdir(exist_ok=True)
    return f"sqlite:///{folder / 'progress.sqlite'}"


@st.cache_resource(show_spinner=False)
def _ready_connection():
    """The connection, with its tables created once per server."""
    conn = st.connection("progress", type="sql", url=_url())
    with conn.session as session:
        for statement in SCHEMA:
            session.execute(text(statement))
        session.commit()
    return conn


def learner() -> str:
    """This learner's id: from the URL, else a new one, kept in the URL and the session."""
    known = st.query_params.get("me") or st.session_state.get("learner")
    if not known or not known.isalnum() or len(known) > 32:
        known = secrets.token_hex(4)
    st.session_state.learner = known
    if st.query_params.get("me") != known:
        st.query_params["me"] = known
    return known


def visit(page: str) -> None:
    """Remember that this learner opened ``page``: written when the learner arrives on a page,
    not on the reruns that follow while they use it."""
    if st.session_state.get("_last_page") == page:
        return
    st.session_state["_last_page"] = page
    conn = _ready_connection()
    with conn.session as session:
        session.execute(text("INSERT INTO visits (learner, page, at) VALUES (:l, :p, :t) "
                             "ON CONFLICT (learner, page) DO UPDATE SET at = :t"),
                        {"l": learner(), "p": page, "t": time.time()})
        session.commit()


def record_score(exercise: str, score: float, max_score: float) -> None:
    """Keep a learner's best score for an exercise."""
    conn = _ready_connection()
    with conn.session as session:
        session.execute(text(
            "INSERT INTO scores (learner, exercise, score, max_score, at) "
            "VALUES (:l, :e, :s, :m, :t) ON CONFLICT (learner, exercise) DO UPDATE SET "
            "score = MAX(scores.score, :s), max_score = :m, at = :t"),
            {"l": learner(), "e": exercise, "s": score, "m": max_score, "t": time.time()})
        session.commit()


def summary() -> dict:
    """Visited pages (most recent first) and best scores of this learner."""
    conn = _ready_connection()
    who = {"l": learner()}
    with conn.session as session:
        visits = session.execute(text("SELECT page FROM visits WHERE learner = :l "
                                      "ORDER BY at DESC"), who).scalars().all()
        scores = session.execute(text("SELECT exercise, score, max_score FROM scores "
                                      "WHERE learner = :l"), who).all()
    return {"visits": list(visits), "scores": {e: (s, m) for e, s, m in scores}}


def save_draft(exercise: str, code: str) -> None:
    """Keep the learner's latest code for an exercise, so a reload loses nothing."""
    conn = _ready_connection()
    with conn.session as session:
        session.execute(text("INSERT INTO drafts (learner, exercise, code, at) "
                             "VALUES (:l, :e, :c, :t) ON CONFLICT (learner, exercise) "
                             "DO UPDATE SET code = :c, at = :t"),
                        {"l": learner(), "e": exercise, "c": code, "t": time.time()})
        session.commit()


def draft(exercise: str) -> str | None:
    """The learner's latest saved code for an exercise, if any."""
    conn = _ready_connection()
    with conn.session as session:
        return session.execute(text("SELECT code FROM drafts WHERE learner = :l AND "
                                    "exercise = :e"),
                               {"l": learner(), "e": exercise}).scalar()
