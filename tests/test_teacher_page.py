"""The teacher's dashboard (``/teacher``), used as a teacher and a learner use it, on the real
runtime: locked without the passphrase, a class made with a join code, a learner who joins
and checks an exercise appearing in the live grid (the fragment's timer, nothing else
reruns), where the class struggles, one learner's code and feedback, and the exports."""
from __future__ import annotations

import pytest

from course.store import Store
from tests.course_app import CourseApp

pytestmark = pytest.mark.sandbox  # a learner presses Check: real grading
SECRET = "correct horse battery staple"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('progress') / 'p.sqlite'}"


@pytest.fixture(scope="module")
def app(db):
    server = CourseApp({"SPEEDLIT_PROGRESS_URL": db, "SPEEDLIT_TEACHER_SECRET": SECRET,
                        "SPEEDLIT_GRADING_WORKERS": "1", "SPEEDLIT_GRADING_OVERFLOW": "1"})
    yield server
    server.close()


def texts(page) -> str:
    return "\n".join(str(v) for v in page.values("markdown", "caption", "alert", "error",
                                                  "info", "warning", "title", "code"))


def unlock(app):
    page = app.open("teacher")
    assert "Teacher's passphrase" in page.labels("text_input")
    page.set("Teacher's passphrase", SECRET)
    page.click("Open the dashboard")
    assert "Teacher's passphrase" not in page.labels("text_input")
    return page


def test_without_the_passphrase_nobody_sees_any_class(app, db):
    import sqlalchemy as sa
    store = Store(sa.create_engine(db))
    store.upgrade()
    store.create_class("Secret class name")
    page = app.open("teacher")
    page.set("Teacher's passphrase", "guess")
    page.click("Open the dashboard")
    shown = texts(page)
    assert "That is not the passphrase." in shown
    assert "Secret class name" not in shown and not page.of("selectbox", "dataframe")


def test_a_teacher_makes_a_class_and_watches_a_learner_work(app):
    teacher = unlock(app)
    teacher.set("Name of the class", "Tuesday workshop")
    teacher.click("Create")
    shown = texts(teacher)
    assert "Tuesday workshop" in shown
    code = next(v for v in teacher.values("markdown") if "join **Tuesday workshop**" in str(v))
    join = code.split("`")[1]
    assert len(join) == 6

    learner = app.open("exercise-cache-data-load")
    learner.set("Class code from your teacher", join.lower())
    learner.click("Join the class")
    learner.click("check:cache-data-load")  # the starter: fails
    grid_before = teacher.of("dataframe")

    teacher.tick()  # the grid's timer: only that fragment reruns
    grid = teacher.of("dataframe")
    assert grid and grid != grid_before
    assert "1" in [str(v) for v in teacher.values("metric")]  # one learner
    table = str(grid[0])
    assert "Guest" in table and "✗ 0/" in table

    teacher.choose_tab("Where they struggle")
    assert "1 of 1 learners" in texts(teacher)

    teacher.choose_tab("One learner")
    assert any("cache-data-load" not in c and "st." in c for c in teacher.values("code"))

    teacher.choose_tab("Export")
    labels = teacher.labels("download_button")
    assert {"Gradebook (CSV)", "Gradescope results (zip of results.json)",
            "All submissions with feedback (zip)"} <= set(labels)


def test_a_learner_of_the_class_sees_no_dashboard(app):
    learner = app.open("teacher")
    assert "Teacher's passphrase" in learner.labels("text_input")
    assert not learner.of("dataframe")
