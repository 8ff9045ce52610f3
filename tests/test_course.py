"""The manifest and the exercise folders agree; every exercise is complete."""
from pathlib import Path

import pytest

from checkers import course

ROOT = Path(course.__file__).resolve().parent.parent


def test_every_exercise_folder_is_in_the_manifest_and_back():
    folders = {p.name for p in (ROOT / "exercises").iterdir() if p.is_dir()}
    assert folders == set(course.exercise_ids())


@pytest.mark.parametrize("exercise_id", course.exercise_ids())
def test_exercise_folder_is_complete(exercise_id):
    exercise = course.load_exercise(exercise_id)
    for name in ("starter.py", "solution.py", "instructions.md", "checks.py"):
        assert (exercise.folder / name).is_file(), name
    assert exercise.title and exercise.lesson
    assert len(exercise.hints) >= 2
    assert exercise.max_score > 0
    assert len(exercise.mistakes) >= 2
    assert len(exercise.scenario) >= 5, "at least four interactions after opening the app"
    assert "files" not in exercise.extra, "apps get their data from speedlit's services"
    tasks = {c.task for c in exercise.checks if c.task}
    for task in tasks:
        assert f"{task}. " in exercise.instructions, f"task {task} is not in instructions.md"


def test_unknown_limit_is_a_clear_error(tmp_path):
    with pytest.raises(course.CourseError, match="unknown option.*wall_second"):
        course._limits("x", {"wall_second": 3})


def test_unknown_exercise_is_a_clear_error():
    with pytest.raises(course.CourseError, match="unknown exercise 'nope'"):
        course.load_exercise("nope")
