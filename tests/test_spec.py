"""The checks vocabulary on hand-made observations: each declaration passes what a correct app
shows and fails, with a true message, what a wrong one shows (no sandbox needed)."""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from checkers import course, display
from checkers.course import CourseError
from checkers.grading import judge_all
from checkers.spec import (REF, Context, Mistake, cached_as, calls, calls_match, nothing_left,
                           not_cached, progress_moves, refreshes_every, same_page, shows_while,
                           stored_in_session)


def step(do="rerun", *, calls=None, display_=None, waiting=(), runs=None, details=(),
         session=0, by_session=None, seconds=None):
    said = {"rerun": "rerun the app", "start": "open the app", "tick": "wait"}.get(do, do)
    s = {"step": {"do": do, "session": session}, "said": said, "session": session,
         "calls": calls or {}, "runs": runs or {"script": 1}, "waiting": list(waiting),
         "display": display_ if display_ is not None else [{"type": "main", "children": []}],
         "call_details": list(details), "problem": None, "exceptions": []}
    if seconds is not None:
        s["step"]["seconds"] = seconds
    if by_session is not None:
        s["runs_by_session"] = by_session
    return s


def run(*steps):
    total = {}
    for s in steps:
        for k, v in s["calls"].items():
            total[k] = total.get(k, 0) + v
    return {"steps": list(steps), "calls": total, "runs": {}}


def ctx(mine, ref, source="pass\n"):
    return Context(mine, ref, source, ast.parse(source))


def page(*children):
    return [{"type": "main", "children": list(children)}]


# ---------------------------------------------------------------- counts
def test_ref_bounds_fail_an_app_that_deleted_the_work():
    ref = run(step("start", calls={"load": 1}), step())
    check = calls("load", exactly=REF)
    assert check.evaluate(ctx(ref, ref)) is None
    verdict = check.evaluate(ctx(run(step("start"), step()), ref))
    assert "not at all" in verdict.message and "once" in verdict.message


def test_calls_match_names_the_step_that_differs():
    ref = run(step("start", calls={"q": 1}), step(), step(calls={"q": 1}))
    check = calls_match("q", why_extra="It was fresh.")
    assert check.evaluate(ctx(ref, ref)) is None
    extra = run(step("start", calls={"q": 1}), step(calls={"q": 1}), step(calls={"q": 1}))
    assert "“rerun the app” ran `q` once; it need not run then. It was fresh." == \
        check.evaluate(ctx(extra, ref)).message
    missing = run(step("start", calls={"q": 1}), step(), step())
    assert "not at all" in check.evaluate(ctx(missing, ref)).message
    assert calls_match("q", steps=(0, 1)).evaluate(ctx(missing, ref)) is None


# ---------------------------------------------------------------- the page
COLUMNS = {"type": "flex_container", "direction": "row", "children": [
    {"type": "column", "children": [{"type": "metric", "label": "A", "value": "1"}]},
    {"type": "column", "children": [{"type": "metric", "label": "B", "value": "2"}]}]}
STACKED = {"type": "flex_container", "children": [
    {"type": "metric", "label": "A", "value": "1"}, {"type": "metric", "label": "B", "value": "2"}]}


def test_same_page_sees_a_flattened_layout():
    ref = run(step("start", display_=page(COLUMNS)))
    mine = run(step("start", display_=page(STACKED)))
    message = same_page().evaluate(ctx(mine, ref)).message
    assert "row of 2 columns" in message and "metric" in message
    assert same_page().evaluate(ctx(ref, ref)) is None


def test_same_page_ignores_what_nobody_sees():
    table = {"type": "dataframe", "shape": [2, 1], "columns": ["x"], "rows": [[1], [2]],
             "index": [0, 1], "digest": "aaa", "values": "vvv", "hide_index": True}
    other_index = {**table, "index": [5, 6], "digest": "bbb"}
    ref = run(step("start", display_=page({"type": "selectbox", "label": "R", "value": "E"},
                                          table)))
    mine = run(step("start", display_=page(
        {"type": "selectbox", "label": "R", "value": "E", "key": "region"},
        {"type": "empty"}, {"type": "flex_container", "children": [other_index]})))
    assert same_page().evaluate(ctx(mine, ref)) is None
    shown = {**other_index, "hide_index": False}
    mine = run(step("start", display_=page({"type": "selectbox", "label": "R", "value": "E"},
                                           shown)))
    assert same_page().evaluate(ctx(mine, ref)) is not None  # a visible index differs


def test_an_optional_form_must_be_where_the_reference_has_it():
    form = {"type": "form", "children": [{"type": "slider", "label": "S", "value": 1},
                                         {"type": "form_submit_button", "label": "Go"}]}
    result = {"type": "metric", "label": "M", "value": "9"}
    ref = run(step("start", display_=page(form, result)))
    check = same_page(optional=("form",), alike={"form_submit_button": "button"})
    no_form = run(step("start", display_=page({"type": "slider", "label": "S", "value": 1},
                                              {"type": "button", "label": "Go"}, result)))
    assert check.evaluate(ctx(no_form, ref)) is None
    inside = run(step("start", display_=page({**form, "children": form["children"][:1] +
                                              [result] + form["children"][1:]})))
    assert "in a form" in check.evaluate(ctx(inside, ref)).message


# ---------------------------------------------------------------- while the work runs
def waiting(call, *children):
    return {"call": call, "session": 0, "clock": 0.0, "display": page(*children)}


def test_shows_while_judges_the_page_at_each_call():
    spinner = {"type": "spinner", "value": "Calculating…"}
    good = run(step("start", calls={"w": 2}, waiting=[waiting("w", spinner),
                                                      waiting("w", spinner)]))
    late = run(step("start", calls={"w": 2}, waiting=[waiting("w"), waiting("w", spinner)]))
    check = shows_while("w", kinds=("spinner",), what="a spinner")
    assert check.evaluate(ctx(good, good)) is None
    assert "the page did not show a spinner" in check.evaluate(ctx(late, good)).message
    assert "While `w` ran during “open the app”" in check.evaluate(ctx(late, good)).message
    text = shows_while("w", text="Calculating", what="“Calculating…”")
    assert text.evaluate(ctx(good, good)) is None


def test_progress_must_move_between_calls():
    def bar(value):
        return {"type": "progress", "value": value, "text": ""}

    moving = run(step("start", waiting=[waiting("m", bar(0)), waiting("m", bar(50))]))
    jumped = run(step("start", waiting=[waiting("m", bar(100)), waiting("m", bar(100))]))
    check = progress_moves("m")
    assert check.evaluate(ctx(moving, moving)) is None
    assert "did not move" in check.evaluate(ctx(jumped, moving)).message


def test_nothing_left_after_the_wait():
    leftover = run(step("start", display_=page({"type": "markdown", "value": "Calculating…"})))
    clean = run(step("start"))
    check = nothing_left(text="Calculating", what="the “Calculating…” note")
    assert check.evaluate(ctx(clean, clean)) is None
    assert "still shows the “Calculating…” note" in check.evaluate(ctx(leftover, clean)).message


def test_refreshes_are_counted_per_browser_tab():
    two_tabs = {"0": {"fragment": 1}, "1": {"fragment": 1}}
    ref = run(step("tick", runs={"fragment": 2}, by_session=two_tabs, seconds=10))
    check = refreshes_every(5, 10)
    fast = run(step("tick", runs={"fragment": 3}, seconds=10,
                    by_session={"0": {"fragment": 2}, "1": {"fragment": 1}}))
    assert check.evaluate(ctx(fast, ref)) is None  # 2 in 10 s in one tab: every 5 s
    too_fast = run(step("tick", runs={"fragment": 4}, seconds=10,
                        by_session={"0": {"fragment": 3}, "1": {"fragment": 1}}))
    assert "in browser tab 1 refreshed 3 times" in check.evaluate(ctx(too_fast, ref)).message


# ---------------------------------------------------------------- caches
SOURCE = "import streamlit as st\nimport speedlit\n@st.cache_data\ndef load():\n" \
         "    return speedlit.read_sales()\n"


def detail(kind="cache_data", function="load", line=3):
    return {"call": "read_sales", "session": 0,
            "cached": [{"kind": kind, "function": function, "line": line, "ttl": None,
                        "max_entries": None, "persist": None, "scope": "global",
                        "refresh": "foreground"}]}


def test_the_cache_kind_needs_the_source_to_agree():
    mine = run(step("start", calls={"read_sales": 1}, details=[detail()]))
    check = cached_as("read_sales", "cache_data")
    assert check.evaluate(ctx(mine, mine, SOURCE)) is None
    lying = run(step("start", calls={"read_sales": 1}, details=[detail()]))
    plain = SOURCE.replace("@st.cache_data\n", "")
    assert "outside any Streamlit cache" in check.evaluate(ctx(lying, lying, plain)).message
    resource = run(step("start", calls={"read_sales": 1}, details=[detail("cache_resource")]))
    source = SOURCE.replace("cache_data", "cache_resource")
    assert "`st.cache_resource`" in check.evaluate(ctx(resource, resource, source)).message
    assert not_cached("read_sales")(ctx(lying, lying, plain)).line == 3  # the def


@pytest.mark.parametrize("code", [
    "st.session_state['df'] = load()",
    "st.session_state.df = load()",
    "st.session_state.setdefault('df', load())",
    "state = st.session_state\nframe = load()\nstate['df'] = {'data': frame}",
])
def test_stored_in_session_in_every_form(code):
    source = SOURCE + code + "\n"
    assert stored_in_session("read_sales")(ctx(run(), run(), source)) is not None


# ---------------------------------------------------------------- combining
def test_requires_and_a_mistake_said_once():
    exercise = course.load_exercise("cache-data-load")
    loaded, cached, same = exercise.checks[1], exercise.checks[2], exercise.checks[3]
    mistake = Mistake("everywhere", "Said once.", when=lambda c: not_cached("read_sales")(c))
    fake = dataclasses.replace(exercise, mistakes=(mistake,))
    ref = run(step("start", calls={"read_sales": 1}, details=[detail()]),
              step(), step())
    mine = run(step("start", calls={"read_sales": 1}, details=[detail(line=None)]),
               step(calls={"read_sales": 1}, details=[detail(line=None)]), step())
    results = {r.name: r for r in judge_all(fake, ctx(mine, ref, SOURCE.replace(
        "@st.cache_data\n", "")))}
    assert results[loaded.name].message.endswith("Said once.")
    assert "Said once." not in results[cached.name].message
    assert results[same.name].message.startswith("Judged once “The dataset is loaded once”")
    assert not any(r.passed for r in results.values() if r.max_score)


# ---------------------------------------------------------------- content errors
def write_exercise(tmp_path: Path, checks: str) -> Path:
    root = tmp_path / "course"
    folder = root / "exercises" / "x"
    folder.mkdir(parents=True)
    (root / "course.toml").write_text('format_version = 1\nlessons = []\nexercises = ["x"]\n')
    (folder / "exercise.toml").write_text('title = "X"\n')
    for name in ("starter.py", "solution.py", "instructions.md"):
        (folder / name).write_text("pass\n")
    (folder / "checks.py").write_text("from checkers.spec import *\n" + checks)
    return root


@pytest.mark.parametrize("checks, said", [
    ("SCENARIO = [start(), {'do': 'jump'}]\nCHECKS = []\n", "SCENARIO step 1"),
    ("SCENARIO = [start()]\nCHECKS = [calls('a', exactly=1, name='A'), "
     "calls('b', exactly=1, name='A')]\n", "two checks are named 'A'"),
    ("SCENARIO = [start()]\nCHECKS = [calls('a', exactly=1, name='A', requires='B')]\n",
     "requires 'B'"),
    ("SCENARIO = [start()]\nCHECKS = [calls('a', exactly=1, name='A')]\n"
     "MISTAKES = [Mistake('m', 'x', when=lambda c: None, check='Nope')]\n", "explains 'Nope'"),
])
def test_content_errors_name_the_file(tmp_path, checks, said):
    root = write_exercise(tmp_path, checks)
    course.load_exercise.cache_clear()
    try:
        with pytest.raises(CourseError, match="checks.py") as caught:
            course.load_exercise("x", root)
        assert said in str(caught.value)
    finally:
        course.load_exercise.cache_clear()


def test_seen_dissolves_plain_containers_and_names_places():
    view = display.seen(page(COLUMNS))
    other = display.seen(page({**COLUMNS, "children": [
        COLUMNS["children"][0],
        {"type": "column", "children": [{"type": "metric", "label": "B", "value": "3"}]}]}))
    assert display.difference(other, view) == \
        "a metric (in column 2 of 2) shows something other than the reference's."


@pytest.mark.sandbox
def test_a_scenario_label_the_reference_lacks_is_the_authors_error(tmp_path):
    from checkers.grading import Grader

    root = write_exercise(tmp_path, "SCENARIO = [start(), choose('Regoin', 'West')]\n"
                                    "CHECKS = [calls('read_sales', exactly=REF, name='A')]\n")
    (root / "exercises" / "x" / "solution.py").write_text(
        "import streamlit as st\nst.selectbox('Region', ['East', 'West'])\n")
    course.load_exercise.cache_clear()
    try:
        exercise = course.load_exercise("x", root)
        with Grader() as grader, pytest.raises(CourseError) as caught:
            grader.grade(exercise, "pass\n")
        said = str(caught.value)
        assert "checks.py" in said and "'Regoin'" in said and "solution.py" in said
    finally:
        course.load_exercise.cache_clear()
