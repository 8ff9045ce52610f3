"""Cached access to course content for the pages: read once per server, not once per rerun.

Pages never read folders themselves: they call these functions, which wrap ``checkers.course``
(the engine's view of the manifest and folders) in ``st.cache_data``.
"""
from __future__ import annotations

import difflib

import streamlit as st
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from checkers import course


@st.cache_data(show_spinner=False)
def lesson_list() -> list[dict]:
    """Number, id, title and summary of every lesson, in course order."""
    return [{"number": l.number, "id": l.id, "title": l.title, "summary": l.summary}
            for l in course.lessons()]


@st.cache_data(show_spinner=False)
def exercise_list() -> list[dict]:
    """Id, title, lesson and points of every exercise that loads, in course order (a broken
    exercise folder hides that exercise, not the whole course; the tests catch it)."""
    items = []
    for exercise_id in course.exercise_ids():
        try:
            e = course.load_exercise(exercise_id)
        except Exception as exc:  # content being edited: report in the log, keep serving
            print(f"speedlit: exercise {exercise_id} skipped: {exc}", flush=True)
            continue
        items.append({"id": e.id, "title": e.title, "lesson": e.lesson, "summary": e.summary,
                      "points": e.max_score})
    return items


@st.cache_data(show_spinner=False)
def lesson(lesson_id: str) -> dict:
    """Everything a lesson page shows, as plain data."""
    item = course.load_lesson(lesson_id)
    before_lines, after_lines = changed_lines(item.before, item.after)
    return {
        "id": item.id, "number": item.number, "title": item.title, "summary": item.summary,
        "text": item.text, "myths": [dict(m) for m in item.myths],
        "claims": [dict(c) for c in item.claims], "expensive": item.expensive,
        "before": item.before, "after": item.after,
        "before_html": code_html(item.before, before_lines, "#6e2a2a"),
        "after_html": code_html(item.after, after_lines, "#1f5130"),
        "changed": (len(before_lines), len(after_lines)),
        "scenario": [dict(s) for s in item.scenario],
        "exercises": [e for e in exercise_list() if e["lesson"] == item.id],
    }


@st.cache_data(show_spinner=False)
def exercise(exercise_id: str) -> dict:
    item = course.load_exercise(exercise_id)
    return {"id": item.id, "title": item.title, "lesson": item.lesson, "summary": item.summary,
            "instructions": item.instructions, "hints": list(item.hints),
            "starter": item.starter, "points": item.max_score,
            "checks": [{"name": c.name, "points": c.points, "task": c.task} for c in item.checks]}


@st.cache_data(show_spinner=False)
def exercise_solution(exercise_id: str) -> str:
    """The reference solution: shown only once the learner has earned it."""
    return course.load_exercise(exercise_id).solution


def changed_lines(before: str, after: str) -> tuple[list[int], list[int]]:
    """1-based line numbers that differ: removed or changed in ``before``, added in ``after``."""
    old, new = before.splitlines(), after.splitlines()
    gone, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            gone.extend(range(i1 + 1, i2 + 1))
            added.extend(range(j1 + 1, j2 + 1))
    return gone, added


def code_html(source: str, marked: list[int], colour: str, first_line: int = 1) -> str:
    """Highlighted code with line numbers; ``marked`` lines get a coloured band."""
    formatter = HtmlFormatter(noclasses=True, style="github-dark", linenos="inline",
                              hl_lines=marked, linenostart=first_line)
    # stripnl=False: a snippet that starts with blank lines keeps them, so numbers stay true
    body = highlight(source, PythonLexer(stripnl=False), formatter)
    # With inline styles Pygments paints marked lines in the style's own grey, ignoring
    # hl_color: put the colour that says "removed" or "added" in its place.
    grey = f'<span style="background-color: {formatter.style.highlight_color}">'
    body = body.replace(grey, f'<span style="background-color: {colour}">')
    return f'<div class="speedlit-code">{body}</div>'

