"""Every lesson is complete, every claim it makes names a real test, and its before/after pair
runs: both apps work through the lesson's scenario and the after side does less work."""
import ast
from pathlib import Path

import pytest

from checkers import course
from checkers.services import CATALOGUE
from checkers.static import work_names

ROOT = Path(course.__file__).resolve().parent.parent
LESSONS = course.lesson_ids()


def test_lesson_folders_and_manifest_agree():
    folders = sorted(p.name for p in (ROOT / "lessons").iterdir() if p.is_dir())
    assert [name.split("-", 1)[1] for name in folders] == LESSONS
    assert [int(name[:2]) for name in folders] == list(range(1, len(LESSONS) + 1))


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_is_complete(lesson_id):
    lesson = course.load_lesson(lesson_id)
    assert lesson.title and lesson.summary and lesson.expensive
    assert len(lesson.text.split()) >= 200
    assert len([s for s in lesson.scenario if s.get("do") != "start"]) >= 4
    assert lesson.myths and len(lesson.claims) >= 4
    assert lesson.expensive in CATALOGUE, f"{lesson.expensive!r} is not a course service"
    for side in (lesson.before, lesson.after):
        assert lesson.expensive in work_names(ast.parse(side)), \
            f"the app never calls speedlit's {lesson.expensive}()"


def _test_ids():
    for lesson_id in LESSONS:
        lesson = course.load_lesson(lesson_id)
        for item in (*lesson.myths, *lesson.claims):
            yield lesson_id, item["test"]


@pytest.mark.parametrize("lesson_id, test_id", list(_test_ids()))
def test_every_claim_names_an_existing_test(lesson_id, test_id):
    path, _, name = test_id.partition("::")
    source = ROOT / path
    assert source.is_file(), f"{lesson_id}: {path} does not exist"
    functions = {n.name for n in ast.walk(ast.parse(source.read_text()))
                 if isinstance(n, ast.FunctionDef)}
    assert name in functions, f"{lesson_id}: {test_id} names no test function"


@pytest.fixture(scope="module")
def grader():
    from checkers.grading import Grader

    with Grader(workers=2) as g:
        yield g


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_before_and_after_run_and_after_is_cheaper(grader, lesson_id):
    lesson = course.load_lesson(lesson_id)
    before = grader.run_app(lesson.before, lesson.scenario)
    after = grader.run_app(lesson.after, lesson.scenario)
    for side, outcome in (("before", before), ("after", after)):
        assert outcome.error is None, f"{side}: {outcome.error}"
        for step in outcome.value["steps"]:
            assert not step["exceptions"], f"{side}: {step['said']}: {step['exceptions']}"
            assert step["problem"] is None, f"{side}: {step['said']}: {step['problem']}"
    slow_before = before.value["calls"].get(lesson.expensive, 0)
    slow_after = after.value["calls"].get(lesson.expensive, 0)
    runs_before = sum(before.value["runs"].values())
    runs_after = sum(after.value["runs"].values())
    assert slow_before > 0, "the before app never does the expensive step"
    assert (slow_after, runs_after) < (slow_before, runs_before) and slow_after <= slow_before, \
        f"after is not cheaper: {slow_after} vs {slow_before} calls"
