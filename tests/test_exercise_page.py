"""The exercise page (``/exercise-<id>``, ``course/exercise_page.py``) driven through AppTest.

What a learner does on the page, end to end and with the real sandboxed grader: the page opens
with the starter in the editor, the solution passes with full points, the starter fails with a
message per failing check, a syntax error says so with its line, hints come one at a time, the
solution is locked until earned (and then shown with a diff), "Reset to starter" restores the
starter, and a draft survives a new session of the same learner (``?me=``).

AppTest workarounds (Streamlit 1.67):

* The app builds ``st.navigation`` from *callable* pages (one closure per exercise), and
  ``AppTest.switch_page`` only accepts page *files*. :func:`open_exercise` therefore runs the app
  once (so the pages get registered), then selects the page by its hash in
  ``at._registered_pages`` (the one whose ``url_pathname`` is ``exercise-<id>``), as the browser
  does when it opens ``/exercise-<id>``.
* ``streamlit-code-editor`` is a custom component, an ``UnknownElement`` to AppTest. Its value
  is injected through its widget key (``editor:<id>:<version>``) in the shape the component
  sends (``{"id", "type", "text", "lang"}``): a new ``id`` is a new event, ``type == "submit"``
  is Ctrl+Enter (Check) and ``"change"`` the debounced typing. What the editor *shows* is read
  back from the component's arguments (``json_args["code"]``).
* The workspace, hints and solution are ``@st.fragment``s. In a browser a widget inside a
  fragment reruns only that fragment; plain AppTest reruns the whole script, and there the
  page's ``st.rerun(scope="fragment")`` (hint and reset buttons) raises
  ``StreamlitInvalidLayoutContextError``. Sessions are therefore the grading harness's
  :class:`checkers.harness.Session` (an AppTest whose reruns can carry a fragment id, exactly
  as the browser's do; ``tests/test_fragment_parity.py`` holds it against a real browser):
  :func:`interact` reruns the fragment that drew the widget, :func:`full_rerun` the whole page.

Every test gets its own SQLite progress database (``SPEEDLIT_PROGRESS_URL``).
"""
from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from checkers import course

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "streamlit_app.py")
EXERCISES = course.exercise_ids()  # the manifest lists only exercise folders that load
FIRST = EXERCISES[0]
LEARNER = "abc123"
SYNTAX_TITLE = "Python could not read your code"


# ---------------------------------------------------------------- fixtures and helpers
@pytest.fixture(autouse=True)
def progress_db(tmp_path, monkeypatch) -> Path:
    """A fresh progress database per test.

    ``course.progress`` keeps its connection in ``st.cache_resource``, which lives as long as
    the pytest process; clear it so the new ``SPEEDLIT_PROGRESS_URL`` is used. (The grading
    service, also a cached resource, is deliberately kept: one warm sandbox pool for all.)
    """
    from course import progress

    path = tmp_path / "p.sqlite"
    monkeypatch.setenv("SPEEDLIT_PROGRESS_URL", f"sqlite:///{path}")
    progress._ready_connection.clear()
    yield path
    progress._ready_connection.clear()


def _new_session(name: str):
    # Imported lazily: checkers.harness is made to run in the sandbox and, on import, patches
    # AppTest's script runner (a no-op for plain AppTest runs) and adds an audit hook that
    # counts nothing until a sandboxed grading arms it.
    from checkers.harness import Session

    return Session(APP, name, 120)


def _rerun(at, fragment_id: str | None = None):
    at.rerun(fragment_id)
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_exercise(exercise_id: str, learner: str | None = LEARNER):
    """A new session (a new tab) on ``/exercise-<id>``, as learner ``?me=<learner>``.

    ``at.switch_page`` cannot reach pages that ``st.navigation`` got as callables, so: run once
    (the home page; this registers the pages), then pick the page whose URL path is
    ``exercise-<id>`` by its hash in ``at._registered_pages``, and run again.
    """
    at = _new_session(f"tab-{uuid.uuid4().hex[:8]}")
    if learner:
        at.query_params["me"] = learner
    _rerun(at)
    wanted = f"exercise-{exercise_id}"
    hashes = [h for h, p in at._registered_pages.items() if p["url_pathname"] == wanted]
    assert len(hashes) == 1, f"no page /{wanted}: " + \
        ", ".join(sorted(p["url_pathname"] for p in at._registered_pages.values()))
    at._page_hash = hashes[0]
    return _rerun(at)


def full_rerun(at):
    """What any full rerun (a sidebar toggle, another page's widget) shows."""
    return _rerun(at)


def interact(at, widget):
    """Rerun as the browser does after ``widget`` changed: only the fragment that drew it
    (every widget on the exercise page is in one: the workspace, the hints or the solution)."""
    fragment_id = at.fragment_of(widget.proto.id)
    assert fragment_id, f"{widget.proto.id} was not drawn by a fragment"
    return _rerun(at, fragment_id)


def click(at, key: str):
    node = at.button(key=key)
    node.click()
    return interact(at, node)


def editor(at):
    """The code editor's element (a custom component, so an UnknownElement to AppTest)."""
    found = [e for e in at.main if getattr(e, "type", None) == "component_instance"
             and "editor:" in e.proto.id]
    assert len(found) == 1, f"expected one code editor, found {len(found)}"
    return found[0]


def editor_key(at) -> str:
    """The editor's widget key, ``editor:<id>:<version>`` (the element id ends with it)."""
    element_id = editor(at).proto.id
    return element_id[element_id.index("editor:"):]


def editor_code(at) -> str:
    """The code the editor was given to show."""
    return json.loads(editor(at).proto.json_args)["code"]


def type_code(at, code: str, submit: bool = False):
    """The learner typed ``code`` (a debounced ``change`` event), then pressed Ctrl+Enter
    (``submit``: the editor's own Check) or not."""
    at.session_state[editor_key(at)] = {"id": uuid.uuid4().hex[:8],
                                        "type": "submit" if submit else "change",
                                        "text": code, "lang": "python"}
    return interact(at, editor(at))


def check(at):
    """Press the page's Check button (the other way to grade, besides Ctrl+Enter)."""
    return click(at, f"check:{editor_key(at).split(':')[1]}")


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def failing_messages(at) -> list[str]:
    """The message under each failing check (``> …`` right after its red mark)."""
    rows = texts(at.markdown)
    return [rows[i + 1] for i, row in enumerate(rows[:-1])
            if row.startswith(":red[:material/cancel:]") and rows[i + 1].startswith("> ")]


def check_marks(at) -> tuple[int, int]:
    """(passed, failed) check rows shown in the feedback."""
    rows = texts(at.markdown)
    return (sum(r.startswith(":green[:material/check_circle:]") for r in rows),
            sum(r.startswith(":red[:material/cancel:]") for r in rows))


def solution_code(at) -> list[str]:
    """Python code blocks on the page (st.code drops the file's trailing newline)."""
    return [c.value for c in at.code if c.language == "python"]


def diff_code(at) -> list[str]:
    return [c.value for c in at.code if c.language == "diff"]


def locked_caption(at) -> list[str]:
    return [c for c in texts(at.caption) if c.startswith("Available once your app passes")]


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
def test_page_renders_with_the_starter_in_the_editor(exercise_id):
    data = course.load_exercise(exercise_id)
    at = open_exercise(exercise_id)
    assert [t.value for t in at.title] == [f":material/edit: {data.title}"]
    assert any(c.endswith(f"· {data.max_score} points") for c in texts(at.caption))
    assert editor_key(at) == f"editor:{exercise_id}:0"
    assert editor_code(at) == data.starter
    assert {"Run", "Check", "Yes, reset"} <= {b.label for b in at.button}
    assert not at.success and not at.warning and not at.error  # no feedback before a check
    assert locked_caption(at) == ["Available once your app passes, or after 2 more check(s)."]
    links = [link.label for link in at.get("page_link")]
    order = course.exercise_ids()
    # capstone exercises practise no single lesson: no way back to one
    assert ("Back to the lesson" in links) == (data.lesson in course.lesson_ids())
    assert ("Next exercise" in links) == (order.index(exercise_id) + 1 < len(order))
    assert at.query_params["me"] in (LEARNER, [LEARNER])


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_the_solution_passes_with_full_points(exercise_id, progress_db):
    data = course.load_exercise(exercise_id)
    at = type_code(open_exercise(exercise_id), data.solution, submit=True)  # Ctrl+Enter
    assert not at.error, texts(at.error)
    assert len(at.success) == 1, texts(at.warning) + failing_messages(at)
    banner = at.success[0].value
    assert "All checks pass" in banner
    assert f"{data.max_score:g}/{data.max_score:g} points" in banner
    assert check_marks(at) == (len(data.checks), 0)
    assert saved(progress_db, "SELECT score, max_score FROM scores WHERE learner = ? "
                 "AND exercise = ?", LEARNER, exercise_id) == [(data.max_score, data.max_score)]
    # a pass opens the solution, without the "I have tried" checkbox (after a full rerun:
    # see test_the_solution_section_follows_a_check_without_a_full_rerun)
    full_rerun(at)
    assert not locked_caption(at) and not at.checkbox
    assert data.solution.strip() in solution_code(at)
    assert diff_code(at) == ["Identical."]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_the_starter_is_not_yet_and_says_why(exercise_id, progress_db):
    data = course.load_exercise(exercise_id)
    at = check(open_exercise(exercise_id))  # the Check button, on the editor's starter
    assert not at.error, texts(at.error)
    assert not at.success
    assert len(at.warning) == 1 and "points — not yet" in at.warning[0].value
    passed, failed = check_marks(at)
    assert failed >= 1 and passed + failed == len(data.checks)
    messages = failing_messages(at)
    assert len(messages) == failed, messages
    assert all(len(m) > 12 for m in messages), messages
    assert saved(progress_db, "SELECT score < max_score, max_score FROM scores "
                 "WHERE learner = ?", LEARNER) == [(1, data.max_score)]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_hints_appear_one_at_a_time(exercise_id):
    hints = course.load_exercise(exercise_id).hints
    total = len(hints)
    if not total:
        pytest.skip(f"{exercise_id} has no hints")
    key = f"hint:{exercise_id}"
    at = open_exercise(exercise_id)
    assert at.button(key=key).label == f"Show a hint (1 of {total})"
    assert not at.info
    click(at, key)
    assert texts(at.info) == [f"**Hint 1 of {total}.** {hints[0]}"]
    if total == 1:
        assert key not in [b.key for b in at.button]
        return
    assert at.button(key=key).label == f"Show the next hint (2 of {total})"
    click(at, key)
    assert texts(at.info) == [f"**Hint {i} of {total}.** {hints[i - 1]}" for i in (1, 2)]
    full_rerun(at)  # the hints shown are kept by the session
    assert len(at.info) == 2


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_a_syntax_error_is_reported_with_its_line(exercise_id, progress_db):
    lines = course.load_exercise(exercise_id).starter.splitlines()
    lines.insert(3, "def broken(:")  # becomes line 4
    broken = "\n".join(lines) + "\n"
    assert syntax_error_at(broken) == 4
    at = type_code(open_exercise(exercise_id), broken, submit=True)
    assert len(at.error) == 1, texts(at.error)
    message = at.error[0].value
    assert message.startswith(f"**{SYNTAX_TITLE}.** Line 4 has a syntax error ("), message
    assert "`def broken(:`" in message
    assert not at.success and not at.warning
    assert saved(progress_db, "SELECT score FROM scores WHERE learner = ?", LEARNER) == [(0,)]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_reset_restores_the_starter(exercise_id, progress_db):
    starter = course.load_exercise(exercise_id).starter
    at = open_exercise(exercise_id)
    edited = "# my own attempt\n" + starter
    type_code(at, edited, submit=True)
    assert at.warning or at.error  # some feedback to clear
    assert saved(progress_db, "SELECT code FROM drafts WHERE learner = ?", LEARNER) == [(edited,)]

    click(at, f"reset:{exercise_id}")  # "Yes, reset" in the popover
    assert editor_key(at) == f"editor:{exercise_id}:1"  # a new editor, so it shows the new code
    assert editor_code(at) == starter
    assert saved(progress_db, "SELECT code FROM drafts WHERE learner = ?", LEARNER) == [(starter,)]
    assert not at.warning and not at.error  # the old feedback is gone
    full_rerun(at)
    assert editor_code(at) == starter and not at.warning and not at.error
    # Check now grades the starter, not the text the old editor last sent
    check(at)
    assert "not yet" in at.warning[0].value
    # a new session of the same learner also gets the starter back
    assert editor_code(open_exercise(exercise_id)) == starter


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_a_draft_survives_a_new_session_of_the_same_learner(exercise_id, progress_db):
    starter = course.load_exercise(exercise_id).starter
    draft = starter + "\n# half-way there\n"
    type_code(open_exercise(exercise_id), draft)  # typed, never checked
    assert saved(progress_db, "SELECT learner, exercise, code FROM drafts") == [
        (LEARNER, exercise_id, draft)]

    again = open_exercise(exercise_id)  # a new tab, same ?me=
    assert editor_code(again) == draft
    assert not again.warning and not again.success  # a draft, not a result

    stranger = open_exercise(exercise_id, learner="zzz999")
    assert editor_code(stranger) == starter


# ---------------------------------------------------------------- the solution section
def test_the_solution_is_locked_until_two_failed_checks_then_behind_a_checkbox():
    data = course.load_exercise(FIRST)
    at = open_exercise(FIRST)
    assert locked_caption(at) == ["Available once your app passes, or after 2 more check(s)."]
    assert not at.checkbox and not solution_code(at) and not diff_code(at)

    check(at)  # the starter: 1 failed check
    assert "not yet" in at.warning[0].value
    full_rerun(at)
    assert locked_caption(at) == ["Available once your app passes, or after 1 more check(s)."]
    assert not at.checkbox and not solution_code(at)

    tried = data.starter.replace("import streamlit as st", "import streamlit as st  # tried")
    type_code(at, tried, submit=True)  # 2 failed checks
    assert "not yet" in at.warning[0].value
    full_rerun(at)
    assert not locked_caption(at)
    assert len(at.checkbox) == 1 and "I have tried" in at.checkbox[0].label
    assert not at.checkbox[0].value
    assert not solution_code(at) and not diff_code(at)  # still behind the checkbox

    box = at.checkbox[0].check()
    interact(at, box)
    assert solution_code(at) == [data.solution.strip()]
    [diff] = diff_code(at)
    assert diff.startswith("--- your code\n+++ solution\n")
    rows = diff.splitlines()
    assert "-import streamlit as st  # tried" in rows and "+import streamlit as st" in rows
    if FIRST == "cache-data-load":
        assert "+@st.cache_data" in rows


def test_a_syntax_error_counts_as_a_failed_check():
    at = open_exercise(FIRST)
    for _ in range(2):
        type_code(at, "x = (\n", submit=True)
        assert SYNTAX_TITLE in at.error[0].value
    full_rerun(at)
    assert len(at.checkbox) == 1


def test_the_same_editor_event_is_graded_once():
    """The component repeats its last value on every rerun; only a new event id is acted on."""
    at = open_exercise(FIRST)
    type_code(at, "x = (\n", submit=True)
    full_rerun(at)
    click(at, f"run:{FIRST}")  # a rerun of the workspace that is not a check
    full_rerun(at)
    assert locked_caption(at) == ["Available once your app passes, or after 1 more check(s)."]


def test_the_solution_section_follows_a_check_without_a_full_rerun():
    data = course.load_exercise(FIRST)
    at = type_code(open_exercise(FIRST), data.solution, submit=True)
    assert "All checks pass" in at.success[0].value
    assert not locked_caption(at), locked_caption(at)
    assert data.solution.strip() in solution_code(at)


def test_a_learner_without_an_id_gets_one_in_the_url():
    at = open_exercise(FIRST, learner=None)
    me = at.query_params["me"]
    me = me[0] if isinstance(me, list) else me
    assert me.isalnum() and 0 < len(me) <= 32
