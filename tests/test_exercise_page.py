"""The exercise page (``/exercise-<id>``, ``course/exercise_page.py``), used as a learner uses it.

What a learner does on the page, end to end and with the real sandboxed grader: the page opens
with the starter in the editor, the solution passes with full points, the starter fails with a
message per failing check, a syntax error says so with its line, hints come one at a time, the
solution is locked until earned (and then shown with a diff), "Reset to starter" restores the
starter, and a draft survives a new session of the same learner (``?me=``).

The course app runs in Streamlit's own runtime and the judge drives it as a browser would
(``tests/course_app.py``): a widget inside a fragment reruns only that fragment, the code
editor (a custom component) gets the JSON its frontend sends (``{"id", "type", "text",
"lang"}``: a new ``id`` is a new event, ``type == "submit"`` is Ctrl+Enter). Every test is a
learner of its own, so one server and one progress database serve the whole module.
"""
from __future__ import annotations

import os
import re
import sqlite3
import uuid
from pathlib import Path

import pytest

from checkers import course
from tests.course_app import CourseApp
from tests.databases import new_profile

pytestmark = pytest.mark.sandbox
REPO = Path(__file__).resolve().parent.parent
EXERCISES = course.exercise_ids()  # the manifest lists only exercise folders that load
FIRST = EXERCISES[0]
SYNTAX_TITLE = "Python could not read your code"
CHECK_OK, CHECK_FAIL = ":green[:material/check_circle:]", ":red[:material/cancel:]"


# ---------------------------------------------------------------- fixtures and helpers
@pytest.fixture(scope="module")
def progress_db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("progress") / "p.sqlite"


@pytest.fixture(scope="module")
def app(progress_db):
    server = CourseApp({"SPEEDLIT_PROGRESS_URL": f"sqlite:///{progress_db}"})
    yield server
    server.close()


IDS: dict[str, str] = {}  # resume code -> learner id


@pytest.fixture
def learner(progress_db) -> str:
    """A new learner's resume code (what ``?me=`` holds)."""
    learner_id, code = new_profile(f"sqlite:///{progress_db}")
    IDS[code] = learner_id
    return code


def who(code: str) -> str:
    return IDS[code]


def open_exercise(app, exercise_id: str, learner: str | None):
    """A new tab on ``/exercise-<id>?me=<learner>``."""
    page = app.open(f"exercise-{exercise_id}", **({"me": learner} if learner else {}))
    assert not page.exceptions, page.exceptions
    return page


def editor_key(page) -> str:
    return page.component("editor:")["key"]


def editor_code(page) -> str:
    return page.component("editor:")["args"]["code"]


def check(page):
    """Press the page's Check button (the other way to grade, besides Ctrl+Enter)."""
    return page.click(f"check:{editor_key(page).split(':')[1]}")


def rows(page) -> list[str]:
    return [v for v in page.values("markdown") if isinstance(v, str)]


def failing_messages(page) -> list[str]:
    """The message under each failing check (``> …`` right after its red mark)."""
    shown = rows(page)
    return [shown[i + 1] for i, row in enumerate(shown[:-1])
            if row.startswith(CHECK_FAIL) and shown[i + 1].startswith("> ")]


def check_marks(page) -> tuple[int, int]:
    """(passed, failed) check rows shown in the feedback."""
    shown = rows(page)
    return sum(r.startswith(CHECK_OK) for r in shown), sum(r.startswith(CHECK_FAIL) for r in shown)


def solution_code(page) -> list[str]:
    return [c["value"] for c in page.of("code") if c.get("language") == "python"]


def diff_code(page) -> list[str]:
    return [c["value"] for c in page.of("code") if c.get("language") == "diff"]


def locked_caption(page) -> list[str]:
    return [c for c in page.values("caption")
            if str(c).startswith("Available once your app passes")]


def checkboxes(page) -> list[dict]:
    return page.of("checkbox")


def saved(db: Path, sql: str, *args):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def syntax_error_at(code: str) -> int:
    try:
        compile(code, "app.py", "exec")
    except SyntaxError as exc:
        return exc.lineno
    raise AssertionError("this code was meant to have a syntax error")


# ---------------------------------------------------------------- per exercise
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_page_renders_with_the_starter_in_the_editor(app, learner, exercise_id):
    data = course.load_exercise(exercise_id)
    at = open_exercise(app, exercise_id, learner)
    assert at.values("title") == [f":material/edit: {data.title}"]
    assert any(str(c).endswith(f"· {data.max_score} points") for c in at.values("caption"))
    assert editor_key(at) == f"editor:{exercise_id}:0"
    assert editor_code(at) == data.starter
    assert {"Run", "Check", "Yes, reset"} <= set(at.labels("button"))
    assert not at.of("success", "warning", "error")  # no feedback before a check
    assert locked_caption(at) == ["Available once your app passes, or after 2 more check(s)."]
    links = at.labels("page_link")
    order = course.exercise_ids()
    # capstone exercises practise no single lesson: no way back to one
    assert ("Back to the lesson" in links) == (data.lesson in course.lesson_ids())
    assert ("Next exercise" in links) == (order.index(exercise_id) + 1 < len(order))
    assert at.query["me"] == learner


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_the_solution_passes_with_full_points(app, learner, exercise_id, progress_db):
    data = course.load_exercise(exercise_id)
    at = open_exercise(app, exercise_id, learner).send_editor(data.solution, submit=True)
    assert not at.of("error"), at.values("error")
    assert len(at.of("success")) == 1, at.values("warning") + failing_messages(at)
    banner = at.values("success")[0]
    assert "All checks pass" in banner
    assert f"{data.max_score:g}/{data.max_score:g} points" in banner
    assert check_marks(at) == (len(data.checks), 0)
    assert saved(progress_db, "SELECT score, max_score FROM best WHERE learner_id = ? "
                 "AND exercise = ?", who(learner), exercise_id) == [(data.max_score, data.max_score)]
    # a pass opens the solution, without the "I have tried" checkbox (after a full rerun:
    # see test_the_solution_section_follows_a_check_without_a_full_rerun)
    at.reload()
    assert not locked_caption(at) and not checkboxes(at)
    assert data.solution.strip() in solution_code(at)
    assert diff_code(at) == ["Identical."]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_the_starter_is_not_yet_and_says_why(app, learner, exercise_id, progress_db):
    data = course.load_exercise(exercise_id)
    at = check(open_exercise(app, exercise_id, learner))  # the Check button, on the starter
    assert not at.of("error"), at.values("error")
    assert not at.of("success")
    assert len(at.of("warning")) == 1 and "points — not yet" in at.values("warning")[0]
    passed, failed = check_marks(at)
    assert failed >= 1 and passed + failed == len(data.checks)
    messages = failing_messages(at)
    assert len(messages) == failed, messages
    assert all(len(m) > 12 for m in messages), messages
    assert saved(progress_db, "SELECT score < max_score, max_score FROM best "
                 "WHERE learner_id = ?", who(learner)) == [(1, data.max_score)]


def button(page, key: str) -> dict:
    (found,) = [b for b in page.of("button") if b.get("key") == key]
    return found


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_hints_appear_one_at_a_time(app, learner, exercise_id):
    hints = course.load_exercise(exercise_id).hints
    total = len(hints)
    if not total:
        pytest.skip(f"{exercise_id} has no hints")
    key = f"hint:{exercise_id}"
    at = open_exercise(app, exercise_id, learner)
    assert button(at, key)["label"] == f"Show a hint (1 of {total})"
    assert not at.of("info")
    at.click(key)
    assert at.values("info") == [f"**Hint 1 of {total}.** {hints[0]}"]
    if total == 1:
        assert key not in [b.get("key") for b in at.of("button")]
        return
    assert button(at, key)["label"] == f"Show the next hint (2 of {total})"
    at.click(key)
    assert at.values("info") == [f"**Hint {i} of {total}.** {hints[i - 1]}" for i in (1, 2)]
    at.reload()  # the hints shown are kept by the session
    assert len(at.of("info")) == 2


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_a_syntax_error_is_reported_with_its_line(app, learner, exercise_id, progress_db):
    lines = course.load_exercise(exercise_id).starter.splitlines()
    lines.insert(3, "def broken(:")  # becomes line 4
    broken = "\n".join(lines) + "\n"
    assert syntax_error_at(broken) == 4
    at = open_exercise(app, exercise_id, learner).send_editor(broken, submit=True)
    assert len(at.of("error")) == 1, at.values("error")
    message = at.values("error")[0]
    assert message.startswith(f"**{SYNTAX_TITLE}.** Line 4 has a syntax error ("), message
    assert "`def broken(:`" in message
    assert not at.of("success", "warning")
    assert saved(progress_db, "SELECT score FROM best WHERE learner_id = ?", who(learner)) == [(0,)]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_reset_restores_the_starter(app, learner, exercise_id, progress_db):
    starter = course.load_exercise(exercise_id).starter
    at = open_exercise(app, exercise_id, learner)
    edited = "# my own attempt\n" + starter
    at.send_editor(edited, submit=True)
    assert at.of("warning", "error")  # some feedback to clear
    assert saved(progress_db, "SELECT code FROM drafts WHERE learner_id = ?", who(learner)) == [(edited,)]

    at.click(f"reset:{exercise_id}")  # "Yes, reset" in the popover
    assert editor_key(at) == f"editor:{exercise_id}:1"  # a new editor, so it shows the new code
    assert editor_code(at) == starter
    assert saved(progress_db, "SELECT code FROM drafts WHERE learner_id = ?", who(learner)) == [(starter,)]
    assert not at.of("warning", "error")  # the old feedback is gone
    at.reload()
    assert editor_code(at) == starter and not at.of("warning", "error")
    # Check now grades the starter, not the text the old editor last sent
    check(at)
    assert "not yet" in at.values("warning")[0]
    # a new session of the same learner also gets the starter back
    assert editor_code(open_exercise(app, exercise_id, learner)) == starter


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_a_draft_survives_a_new_session_of_the_same_learner(app, learner, exercise_id,
                                                             progress_db):
    starter = course.load_exercise(exercise_id).starter
    draft = starter + "\n# half-way there\n"
    open_exercise(app, exercise_id, learner).send_editor(draft)  # typed, never checked
    assert saved(progress_db, "SELECT exercise, code FROM drafts WHERE learner_id = ?",
                 who(learner)) == [(exercise_id, draft)]

    again = open_exercise(app, exercise_id, learner)  # a new tab, same ?me=
    assert editor_code(again) == draft
    assert not again.of("warning", "success")  # a draft, not a result

    stranger = open_exercise(app, exercise_id, uuid.uuid4().hex[:12])
    assert editor_code(stranger) == starter


# ---------------------------------------------------------------- the solution section
def test_the_solution_is_locked_until_two_failed_checks_then_behind_a_checkbox(app, learner):
    data = course.load_exercise(FIRST)
    at = open_exercise(app, FIRST, learner)
    assert locked_caption(at) == ["Available once your app passes, or after 2 more check(s)."]
    assert not checkboxes(at) and not solution_code(at) and not diff_code(at)

    check(at)  # the starter: 1 failed check
    assert "not yet" in at.values("warning")[0]
    at.reload()
    assert locked_caption(at) == ["Available once your app passes, or after 1 more check(s)."]
    assert not checkboxes(at) and not solution_code(at)

    tried = data.starter.replace("import streamlit as st", "import streamlit as st  # tried")
    at.send_editor(tried, submit=True)  # 2 failed checks
    assert "not yet" in at.values("warning")[0]
    at.reload()
    assert not locked_caption(at)
    (box,) = checkboxes(at)
    assert "I have tried" in box["label"] and not box["value"]
    assert not solution_code(at) and not diff_code(at)  # still behind the checkbox

    at.set(box["label"], True)
    assert solution_code(at) == [data.solution.strip()]
    [diff] = diff_code(at)
    assert diff.startswith("--- your code\n+++ solution\n")
    lines = diff.splitlines()
    assert "-import streamlit as st  # tried" in lines and "+import streamlit as st" in lines
    if FIRST == "cache-data-load":
        assert any(line.startswith("+@st.cache_data") for line in lines)


def test_the_comparison_with_the_solution_follows_the_learners_edits(app, learner):
    data = course.load_exercise(FIRST)
    at = open_exercise(app, FIRST, learner)
    for _ in range(2):
        at.send_editor("x = (\n", submit=True)
    at.reload()
    (box,) = checkboxes(at)
    at.set(box["label"], True)
    assert any("+++ solution" in d and "-x = (" in d for d in diff_code(at))
    at.send_editor(data.solution)  # the learner types the fix; no Check
    assert diff_code(at) == ["Identical."]


def test_after_full_marks_the_solution_is_not_offered_to_those_who_tried(app, learner):
    data = course.load_exercise(FIRST)
    at = open_exercise(app, FIRST, learner)
    for _ in range(2):
        at.send_editor("x = (\n", submit=True)
    at.reload()
    assert checkboxes(at)  # earned by trying
    at.send_editor(data.solution, submit=True)
    assert "All checks pass" in at.values("success")[0]
    assert not [b for b in checkboxes(at) if "I have tried" in b["label"]]
    assert data.solution.strip() in solution_code(at)


def test_the_editor_grows_to_the_longest_exercise(app, learner):
    """The editor shows every line of the longest starter without scrolling (it grows to
    64 lines)."""
    longest = max(len(course.load_exercise(e).starter.splitlines()) for e in EXERCISES)
    editor = open_exercise(app, FIRST, learner).component("editor:")
    low, high = editor["args"]["height"]
    assert low <= 16 and high >= longest, (editor["args"]["height"], longest)


def test_a_syntax_error_counts_as_a_failed_check(app, learner):
    at = open_exercise(app, FIRST, learner)
    for _ in range(2):
        at.send_editor("x = (\n", submit=True)
        assert SYNTAX_TITLE in at.values("error")[0]
    at.reload()
    assert len(checkboxes(at)) == 1


def test_the_same_editor_event_is_graded_once(app, learner):
    """The component repeats its last value on every rerun; only a new event id is acted on."""
    at = open_exercise(app, FIRST, learner)
    at.send_editor("x = (\n", submit=True)
    at.reload()
    at.click(f"run:{FIRST}")  # a rerun of the workspace that is not a check
    at.reload()
    assert locked_caption(at) == ["Available once your app passes, or after 1 more check(s)."]


def test_the_solution_section_follows_a_check_without_a_full_rerun(app, learner):
    data = course.load_exercise(FIRST)
    at = open_exercise(app, FIRST, learner).send_editor(data.solution, submit=True)
    assert "All checks pass" in at.values("success")[0]
    assert not locked_caption(at), locked_caption(at)
    assert data.solution.strip() in solution_code(at)


def test_the_page_shows_how_the_app_was_isolated(app, learner):
    at = check(open_exercise(app, FIRST, learner))
    assert any(str(e.get("label", "")).startswith("Sandbox: all") for e in at.of("expandable"))\
        or any("**Files**" in r for r in rows(at))


def test_a_learner_without_an_id_gets_one_in_the_url(app):
    at = open_exercise(app, FIRST, None)
    me = at.query["me"]
    assert me.isalnum() and 0 < len(me) <= 32


def test_when_grading_is_unavailable_the_learner_is_told_plainly(tmp_path):
    """On a host that cannot confine learner code the page says so, with no traceback and
    no word about the reference solution."""
    if os.geteuid() != 0:
        pytest.skip("simulating a weak host drops capabilities, which needs root")
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    weak = CourseApp({"SPEEDLIT_PROGRESS_URL": url}, weak_host="nothing")
    try:
        at = check(open_exercise(weak, FIRST, new_profile(url)[1]))
        (error,) = at.values("error")
        assert error.startswith("**Grading is not available right now.**"), error
        assert "cannot keep learner code away from its files and network" in error
        assert "Traceback" not in error and "reference" not in error
        assert not at.exceptions
    finally:
        weak.close()


def test_a_new_session_restores_hints_attempts_and_the_last_feedback(app, learner):
    """A reload or another device (a new session with the same resume code) shows the page as
    the learner left it: the hint they opened, the solution they earned with two checks, the
    feedback of their last check."""
    data = course.load_exercise(FIRST)
    at = open_exercise(app, FIRST, learner)
    at = at.click(f"hint:{FIRST}")
    check(at)
    check(at)
    again = open_exercise(app, FIRST, learner)
    assert any(v.startswith("**Hint 1 of") for v in again.values("info"))
    assert not locked_caption(again)  # two checks made: the solution stays earned
    assert "not yet" in again.values("warning")[0]  # the last feedback, shown again
    assert f"0/{data.max_score:g}" in again.values("warning")[0]


# ---------------------------------------------------------------- Run: the app, live
def live_src(page) -> str:
    (frame,) = page.of("iframe")
    return frame["proto"]["src"]


def test_run_opens_the_app_live_beside_its_numbers_and_the_graders_clicks(app, learner):
    """Run embeds the learner's app, live from the sandbox (its unguessable address on this
    server), with its numbers beside the grader's for their code and for the starter; the
    grader's per-step table stays, and the text rebuild of the page is left to the live app."""
    at = open_exercise(app, FIRST, learner)
    assert not at.of("iframe")
    at.click(f"run:{FIRST}")
    first = live_src(at)
    # The live app is drawn first; the grader's numbers join it when its run is done (the
    # numbers refresh every second).
    at.tick()
    assert re.fullmatch(r"/live/[A-Za-z0-9_-]{32,}/\?embed=true", first), first
    shown = rows(at)
    (numbers,) = [r for r in shown if r.startswith("| | You, live | Grader, yours | Grader, "
                                                    "starter |")]
    assert "| last run |" in numbers
    assert re.search(r"^\| script runs \| \d+ \| \d+ \| (\d+|…) \|$", numbers, re.M), numbers
    assert any(r.startswith("**What the grader's clicks cost**") for r in shown)
    assert not any(r.startswith("**What your app showed**") for r in shown)
    check(at)  # a Check keeps the live app and the grader's numbers beside it
    assert live_src(at) == first
    at.tick()
    assert any(re.search(r"^\| script runs \| \d+ \| \d+ \|", r, re.M) for r in rows(at))
    at.click(f"run:{FIRST}")  # Run again: a new live app replaces the first
    assert live_src(at) != first


def test_without_live_apps_run_says_so_and_shows_the_text_preview(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    off = CourseApp({"SPEEDLIT_PROGRESS_URL": url, "SPEEDLIT_LIVE_APPS": "0"})
    try:
        at = open_exercise(off, FIRST, new_profile(url)[1]).click(f"run:{FIRST}")
        assert not at.of("iframe")
        (warning,) = at.values("warning")
        assert warning.startswith("**Your app could not start live.** This server runs no "
                                  "live apps"), warning
        shown = rows(at)
        assert any(r.startswith("**What your app showed**") for r in shown)
        assert any(r.startswith("**What the grader's clicks cost**") for r in shown)
    finally:
        off.close()
