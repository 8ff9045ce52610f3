"""Every exercise's learner-style alternatives get their verdicts: each correct one passes in
full, each wrong one fails, with the checks and feedback its header names
(``exercises/<id>/alternatives/``, see ``checkers.selftest``). These are the grader's own
accuracy figures: answers written the way learners write, not the way the checks were."""
from __future__ import annotations

import pytest

from checkers import course
from checkers.grading import Grader
from checkers.selftest import alternatives, verdict_problem

CASES = [(exercise_id, alt) for exercise_id in course.exercise_ids()
         for alt in alternatives(course.load_exercise(exercise_id))]
_results: dict[str, dict] = {}


@pytest.fixture(scope="module")
def grader():
    with Grader(workers=2) as g:
        yield g


def graded(grader, exercise_id: str) -> dict:
    """Every alternative of an exercise graded in one batch (both workers busy)."""
    if exercise_id not in _results:
        exercise = course.load_exercise(exercise_id)
        found = alternatives(exercise)
        results = grader.grade_many(exercise, [(a.path.name, a.source) for a in found])
        _results[exercise_id] = {a.path: r for a, r in zip(found, results)}
    return _results[exercise_id]


def test_every_exercise_has_eight_of_each():
    for exercise_id in course.exercise_ids():
        found = alternatives(course.load_exercise(exercise_id))
        correct = sum(a.correct for a in found)
        assert correct >= 8 and len(found) - correct >= 8, \
            f"{exercise_id}: {correct} correct and {len(found) - correct} wrong alternatives"


@pytest.mark.sandbox
@pytest.mark.parametrize("exercise_id, alternative", CASES,
                         ids=[f"{e}/{'correct' if a.correct else 'wrong'}/{a.path.stem}"
                              for e, a in CASES])
def test_alternative_gets_its_verdict(grader, exercise_id, alternative):
    result = graded(grader, exercise_id)[alternative.path]
    problem = verdict_problem(alternative, result)
    assert problem is None, problem
