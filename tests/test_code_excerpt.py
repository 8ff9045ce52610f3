"""The excerpt under a feedback message: numbered as the learner's file is, and the line the
message is about is the marked one — blank lines before it included."""
from __future__ import annotations

import re

from course.display_view import _around

MARK = "#8a6d1f"


def shown(html: str) -> list[tuple[int, str, bool]]:
    """(number, text, marked) per excerpt line, as the page shows it."""
    rows = []
    for raw in html.split("\n"):
        marked = MARK in raw
        text = re.sub(r"<[^>]+>", "", raw)
        found = re.match(r"\s*(\d+)\s?(.*)", text)
        if found:
            rows.append((int(found.group(1)), found.group(2), marked))
    return rows


def test_numbers_and_mark_survive_blank_lines_before_the_line():
    code = "import streamlit as st\n\n\nx = 1\nst.write(x)\ny = 2\n"
    rows = shown(_around(code, 4, context=2))
    assert [n for n, _, _ in rows] == [2, 3, 4, 5, 6]
    assert [(n, t.strip()) for n, t, marked in rows if marked] == [(4, "x = 1")]


def test_the_first_line_of_a_file_is_line_one():
    rows = shown(_around("a = 1\nb = 2\n", 1, context=3))
    assert rows[0][:2] == (1, "a = 1") and rows[0][2]
