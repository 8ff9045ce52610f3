"""The course app's pages, rendered in-process with Streamlit's AppTest.

Every visible page (home, each lesson, each exercise, about) renders without an exception, on
its first run and on a rerun; a lesson page shows its title, its myths and links to its
neighbours; the home page lists the lessons in manifest order and marks the ones the learner
visited (through the real ``st.connection`` to a throw-away SQLite file); each lesson's hidden
demo pages run the before/after app with the timing footer; the sidebar has the workshop
toggle.

Reaching a page: AppTest 1.67's ``switch_page()`` only takes a *file* relative to the main
script and matches it against the script paths ``st.navigation`` registered. Lesson and
exercise pages are ``st.Page(<function>, url_path=...)`` pages with no file, so
``switch_page()`` raises ``ValueError: Could not find a navigation page``. :func:`open_page`
therefore asks for the page by the script hash the navigation registered for its URL path
(what a browser's page request resolves to) — one private attribute of AppTest, in one place.
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checkers import course

ROOT = Path(course.__file__).resolve().parent.parent
LEARNER_ENV = ROOT / "checkers" / "learner_env"
APP = ROOT / "streamlit_app.py"  # AppTest resolves a relative path against the calling file
LESSONS = course.lesson_ids()
EXERCISES = course.exercise_ids()
TIMEOUT = 30  # seconds for one AppTest run (the first one imports pandas, pygments …)
HOME = ""     # st.navigation gives the default page the URL path "" whatever url_path says

UNVISITED = ":material/radio_button_unchecked:"
VISITED = ":material/timelapse:"  # opened, exercises not all passed yet
DONE = ":material/check_circle:"
FOOTER = re.compile(r"^:material/timer: last full rerun \*\*\d+\.\d\d s\*\* · script ran \*\*(\d+)×\*\* · "
                    r"`(?P<name>[^`]*)` ran \*\*(\d+)×\*\* in this tab$")


# ---------------------------------------------------------------- fixtures and helpers
@pytest.fixture
def progress_db(tmp_path, monkeypatch):
    """A fresh SQLite file for learner progress; the repo's ``.progress/`` stays untouched.

    ``course.progress`` keeps its store in ``st.cache_resource`` (one per process, and AppTest
    runs in this process), so the cached store is dropped before and after the test:
    otherwise a store made for an earlier test's database would be reused.
    """
    path = tmp_path / "progress.sqlite"
    monkeypatch.setenv("SPEEDLIT_PROGRESS_URL", f"sqlite:///{path}")
    from course import progress

    progress.store.clear()
    yield path
    progress.store.clear()


@pytest.fixture
def app(progress_db, monkeypatch):
    """An AppTest of ``streamlit_app.py``, run from the repo root, demos without waiting."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SPEEDLIT_LATENCY_SCALE", "0")
    # speedlit reads the scale when first imported, which may have happened already in this
    # process: set it on the module too (the app imports the same module from this folder).
    monkeypatch.syspath_prepend(str(LEARNER_ENV))
    import speedlit

    monkeypatch.setattr(speedlit, "LATENCY_SCALE", 0.0)
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def registered(at: AppTest) -> dict[str, str]:
    """URL path → script hash of every page the app's ``st.navigation`` registered."""
    if not at._registered_pages:  # noqa: SLF001 — see the module docstring
        at.run()
    return {info["url_pathname"]: page_hash
            for page_hash, info in at._registered_pages.items()}  # noqa: SLF001


def open_page(at: AppTest, url_path: str, **query: str) -> AppTest:
    """Run the page registered at ``/<url_path>`` (``""`` is the home page)."""
    pages = registered(at)
    assert url_path in pages, f"no page at /{url_path}; registered: {sorted(pages)}"
    at._page_hash = pages[url_path]  # noqa: SLF001 — switch_page() cannot reach callable pages
    at.query_params.update(query)
    return at.run()


def no_exception(at: AppTest, where: str) -> None:
    problems = [f"{e.message}\n{''.join(e.stack_trace)}" for e in at.exception]
    assert not problems, f"{where} raised:\n" + "\n\n".join(problems)


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label, target URL path) of every ``st.page_link`` in the main area, in page order."""
    return [(link.value, link.proto.page) for link in at.main.page_link]


def footer(at: AppTest) -> re.Match:
    found = [m for c in at.caption if (m := FOOTER.match(c.value))]
    assert len(found) == 1, f"no demo footer among captions {[c.value for c in at.caption]}"
    return found[0]


def footer_counts(at: AppTest) -> tuple[int, int]:
    """(script runs, expensive-step runs) the demo footer reports."""
    match = footer(at)
    return int(match.group(1)), int(match.group(3))


def lesson_title(lesson_id: str) -> str:
    lesson = course.load_lesson(lesson_id)
    return f"{lesson.number}. {lesson.title}"


# ---------------------------------------------------------------- home
def test_home_is_the_default_page_and_lists_lessons_in_manifest_order(app):
    app.run()
    no_exception(app, "home")
    assert titles(app) == [":material/bolt: Speedlit"]
    lesson_links = [(label, target) for label, target in links(app) if target in LESSONS]
    # "Start with lesson 1" comes first, then the course map with one link per lesson
    assert lesson_links[0] == ("Start with lesson 1", LESSONS[0])
    assert lesson_links[1:] == [(lesson_title(i), i) for i in LESSONS]
    targets = {target for _, target in links(app)}
    missing = [e for e in EXERCISES if f"exercise-{e}" not in targets]
    assert not missing, f"home page links no page for exercises {missing}"


def test_every_visible_page_is_registered_at_its_stable_url_path(app):
    pages = registered(app)
    expected = {HOME, "about", "teacher", *LESSONS, *(f"exercise-{e}" for e in EXERCISES),
                *(f"demo-{i}-{side}" for i in LESSONS for side in ("before", "after"))}
    assert set(pages) == expected


def test_about_page(app):
    open_page(app, "about")
    no_exception(app, "about")
    assert titles(app) == [":material/info: About · run it yourself"]
    assert any("streamlit run streamlit_app.py" in m.value for m in app.markdown)


# ---------------------------------------------------------------- lessons
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_page(app, lesson_id):
    lesson = course.load_lesson(lesson_id)
    open_page(app, lesson_id)
    no_exception(app, f"/{lesson_id}")
    assert titles(app) == [lesson_title(lesson_id)]

    # the myths box: its heading, then every myth of lesson.toml
    text = "\n".join(m.value for m in app.markdown)
    if lesson.myths:
        assert "Myths, checked on Streamlit" in text
        for myth in lesson.myths:
            assert myth["myth"] in text and myth["truth"] in text, myth["myth"]
    else:
        assert "Myths, checked on Streamlit" not in text

    # both demos, live, at their stable addresses, and the benchmark button
    sources = [frame.proto.src for frame in app.get("iframe")]
    assert sources == [f"/demo-{lesson_id}-before?embed=true&demo=1",
                       f"/demo-{lesson_id}-after?embed=true&demo=1"]
    assert [b.label for b in app.main.button] == ["Run the benchmark"]

    # links: this lesson's exercises, then Previous (or the course map), Next (or about)
    index = LESSONS.index(lesson_id)
    previous = ("Previous lesson", LESSONS[index - 1]) if index else ("Course map", HOME)
    following = (("Next lesson", LESSONS[index + 1]) if index + 1 < len(LESSONS)
                 else ("Run it yourself", "about"))
    practise = [(f"Exercise: {e.title}", f"exercise-{e.id}") for e in lesson.exercises()]
    assert links(app) == [*practise, previous, following]

    app.run()  # a rerun of the same page
    no_exception(app, f"/{lesson_id} (rerun)")
    assert titles(app) == [lesson_title(lesson_id)]


# ---------------------------------------------------------------- exercises
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_exercise_page(app, exercise_id):
    exercise = course.load_exercise(exercise_id)
    open_page(app, f"exercise-{exercise_id}")
    no_exception(app, f"/exercise-{exercise_id}")
    assert titles(app) == [f":material/edit: {exercise.title}"]
    assert {"Run", "Check"} <= {b.label for b in app.button}
    if exercise.lesson in LESSONS:
        assert ("Back to the lesson", exercise.lesson) in links(app)
    index = EXERCISES.index(exercise_id)
    if index + 1 < len(EXERCISES):
        assert ("Next exercise", f"exercise-{EXERCISES[index + 1]}") in links(app)
    app.run()
    no_exception(app, f"/exercise-{exercise_id} (rerun)")


# ---------------------------------------------------------------- progress
def _home_marks(at: AppTest) -> dict[str, str]:
    """Lesson id → the icon its course-map link shows."""
    return {link.proto.page: link.proto.icon for link in at.main.page_link
            if link.proto.page in LESSONS and link.value != "Start with lesson 1"}


def test_visited_lesson_is_marked_on_the_home_page(app, progress_db):
    app.run()
    me = app.query_params.get("me")
    assert me and len(me) >= 12, f"the home page put no resume code in the URL: {app.query_params}"
    assert set(_home_marks(app).values()) == {UNVISITED}

    open_page(app, "cache-data")
    no_exception(app, "/cache-data")
    open_page(app, HOME)
    no_exception(app, "home after a lesson")
    marks = _home_marks(app)
    assert marks.pop("cache-data") == VISITED
    assert set(marks.values()) == {UNVISITED}
    assert any(label.startswith("Continue where you stopped: lesson 2") and page == "cache-data"
               for label, page in links(app))

    # through the real connection, into the file the environment named
    with sqlite3.connect(progress_db) as db:
        rows = db.execute("SELECT learners.name, page FROM visits JOIN learners "
                          "ON learners.id = visits.learner_id").fetchall()
        hashes = db.execute("SELECT resume_hash FROM learners").fetchall()
    assert rows == [("Guest", "cache-data")]
    assert me not in str(hashes)  # the database keeps only a hash of the code

    # a bookmark (?me=…) brings the progress back in a new session
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params["me"] = me
    again.run()
    no_exception(again, "home in a new session")
    assert _home_marks(again)["cache-data"] == VISITED
    assert again.query_params.get("me") == me


def test_exercise_visit_does_not_mark_a_lesson(app):
    open_page(app, f"exercise-{EXERCISES[0]}")
    open_page(app, HOME)
    no_exception(app, "home after an exercise")
    assert set(_home_marks(app).values()) == {UNVISITED}
    assert _continue(app) == f"exercise-{EXERCISES[0]}"  # not "New here?"


def _continue(at: AppTest) -> str | None:
    return next((page for label, page in links(at)
                 if label.startswith("Continue where you stopped")), None)


def test_continue_points_at_the_last_page_opened(app):
    for lesson_id in LESSONS[:4] + [LESSONS[1]]:
        open_page(app, lesson_id)
    open_page(app, HOME)
    assert _continue(app) == LESSONS[1]
    open_page(app, f"exercise-{EXERCISES[2]}")
    open_page(app, HOME)
    assert _continue(app) == f"exercise-{EXERCISES[2]}"


def test_a_learner_with_full_marks_is_welcomed_back_and_lessons_are_done_when_passed(app):
    from course import progress
    app.run()
    me = progress.store().by_resume_code(app.query_params["me"])["id"]
    lesson = LESSONS[1]
    own = [e.id for e in course.exercises() if e.lesson == lesson]
    for exercise in own:  # full marks, recorded as a Check would
        top = course.load_exercise(exercise).max_score
        progress.store().record_submission(me, exercise, "code", {
            "score": top, "max_score": top, "passed": True, "checks": []})
    app.session_state["_summary"] = None  # recorded outside this session: forget what it kept
    open_page(app, HOME)
    shown = " ".join(str(m.value) for m in app.markdown)
    assert "New here?" not in shown and "Welcome back" in shown
    assert f"exercises passed: **{len(own)} of {len(EXERCISES)}**" in shown
    assert _home_marks(app)[lesson] == UNVISITED  # passed, but the lesson was never opened
    open_page(app, lesson)
    open_page(app, HOME)
    assert _home_marks(app)[lesson] == DONE
    assert "Lessons done: **1 of" in " ".join(str(m.value) for m in app.markdown)


# ---------------------------------------------------------------- demo pages
@pytest.mark.parametrize("side", ["before", "after"])
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_demo_page_runs_with_footer(app, lesson_id, side):
    lesson = course.load_lesson(lesson_id)
    open_page(app, f"demo-{lesson_id}-{side}", demo="1")
    no_exception(app, f"/demo-{lesson_id}-{side}")
    match = footer(app)
    assert match["name"] == lesson.expensive
    runs, _ = footer_counts(app)
    assert runs == 1
    assert not app.sidebar.toggle, "a demo page shows the course's sidebar"
    app.run()
    no_exception(app, f"/demo-{lesson_id}-{side} (rerun)")
    assert footer_counts(app)[0] == 2


@pytest.mark.parametrize("side, grows", [("before", True), ("after", False)])
def test_cache_data_demo_counts_what_the_lesson_teaches(app, side, grows):
    """Changing the region reloads the data in the slow app and not in the cached one.

    AppTest gives every session the same id, so the footer's per-tab count may carry calls
    of earlier tests in this process: compare differences, not absolute values.
    """
    open_page(app, f"demo-cache-data-{side}", demo="1")
    no_exception(app, f"/demo-cache-data-{side}")
    runs, loads = footer_counts(app)
    for region in ("South", "East", "West"):
        next(s for s in app.selectbox if s.label == "Region").set_value(region).run()
        no_exception(app, f"/demo-cache-data-{side}: Region = {region}")
        new_runs, new_loads = footer_counts(app)
        assert new_runs == runs + 1
        assert new_loads == (loads + 1 if grows else loads), \
            f"{side}: load_sales ran {new_loads - loads}× for one region change"
        runs, loads = new_runs, new_loads


# ---------------------------------------------------------------- sidebar
def test_workshop_toggle_enlarges_text(app):
    app.run()
    toggles = [t for t in app.sidebar.toggle if t.label == "Workshop mode"]
    assert len(toggles) == 1 and toggles[0].value is False
    styles = " ".join(h.proto.body for h in app.html)
    assert "font-size: .85rem" in styles and "1.2rem" not in styles
    toggles[0].set_value(True).run()
    no_exception(app, "home in workshop mode")
    styles = " ".join(h.proto.body for h in app.html)
    assert "font-size: 1.15rem" in styles and "font-size: 1.2rem" in styles
    open_page(app, LESSONS[0])  # the mode holds across pages
    assert app.sidebar.toggle[0].value is True
    assert "font-size: 1.2rem" in " ".join(h.proto.body for h in app.html)


def test_changed_lines_are_counted_in_good_english():
    from course.lesson_page import _lines
    assert _lines(1, "marked red", "in the fast version", "-") == \
        "1 line marked red differs in the fast version."
    assert _lines(3, "marked green", "from the slow version", "-") == \
        "3 lines marked green differ from the slow version."
    assert _lines(0, "marked red", "in the fast version", "Nothing.") == "Nothing."


def _sidebar_icons(at: AppTest) -> dict[str, str]:
    return {info["url_pathname"]: info.get("icon", "")
            for info in at._registered_pages.values()}  # noqa: SLF001


def test_the_sidebar_ticks_what_the_learner_did(app):
    from course import progress
    app.run()
    icons = _sidebar_icons(app)
    assert icons[LESSONS[0]] == UNVISITED and icons[f"exercise-{EXERCISES[0]}"] == \
        ":material/edit:"
    open_page(app, LESSONS[0])
    app.run()  # the next run's sidebar
    assert _sidebar_icons(app)[LESSONS[0]] == VISITED
    me = progress.store().by_resume_code(app.query_params["me"])["id"]
    top = course.load_exercise(EXERCISES[0]).max_score
    progress.store().record_submission(me, EXERCISES[0], "code", {
        "score": top, "max_score": top, "passed": True, "checks": []})
    app.session_state["_summary"] = None  # recorded outside this session: forget what it kept
    app.run()
    assert _sidebar_icons(app)[f"exercise-{EXERCISES[0]}"] == ":material/task_alt:"


def test_a_demo_frame_is_nobodys_profile(app, progress_db):
    """The lesson's live demos are sessions of their own (iframes without ``?me=``): they
    make no guest profile and touch no learner's progress."""
    registered(app)  # AppTest's first run opens the home page: that one guest is expected

    def learners() -> int:
        with sqlite3.connect(progress_db) as db:
            return db.execute("SELECT COUNT(*) FROM learners").fetchone()[0]

    before = learners()
    for side in ("before", "after"):
        fresh = AppTest.from_file(APP, default_timeout=TIMEOUT)
        fresh._registered_pages = app._registered_pages  # noqa: SLF001
        open_page(fresh, f"demo-{LESSONS[1]}-{side}", demo="1")
        no_exception(fresh, "a demo")
    assert learners() == before


def test_a_demo_counts_the_runs_st_rerun_cuts_short(app):
    """Lesson 6's slow wizard: Next changes the step and calls ``st.rerun()``, so one click
    costs two script runs, and the stats line says two."""
    lesson = "multi-step"
    open_page(app, f"demo-{lesson}-before", demo="1")
    before, _ = footer_counts(app)
    next(b for b in app.button if b.label == "Next").click().run()
    no_exception(app, "Next")
    assert footer_counts(app)[0] == before + 2

