"""Prove an exercise is sound: the solution passes in full, the starter fails, every named
mistake's example program fails with that mistake's own message, and the learner-style
alternatives beside it get their verdicts (rustlings' ``dev check`` and futurecoder's golden
tests, for behaviour-graded Streamlit exercises).

``alternatives/correct/*.py`` are other correct answers: each must pass in full.
``alternatives/wrong/*.py`` are wrong answers, each opening with a header::

    # wrong: what is wrong, in a sentence
    # task: 2
    # expect-check: The prices are fetched again after they expire
    # expect-message: ttl

Each must fail; every ``expect-check`` named must fail, and every ``expect-message`` must
appear in the feedback (a failing check's message, or the error).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from checkers.course import Exercise
from checkers.grading import Grader


@dataclass
class SelfTest:
    exercise: str
    problems: list[str] = field(default_factory=list)
    proved: list[str] = field(default_factory=list)
    accuracy: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def selftest(grader: Grader, exercise: Exercise) -> SelfTest:
    report = SelfTest(exercise.id)
    solution = grader.grade(exercise, exercise.solution, "solution.py")
    if solution.passed and solution.score == exercise.max_score:
        report.proved.append(f"solution passes with {solution.score:g}/{exercise.max_score:g}")
    else:
        failing = "; ".join(c.message for c in solution.checks if not c.passed)
        report.problems.append(f"solution does not pass: {solution.error or failing}")
    starter = grader.grade(exercise, exercise.starter, "starter.py")
    if starter.error:
        report.problems.append(f"starter does not run: {starter.error['message']}")
    elif starter.passed:
        report.problems.append("starter passes (it should be the slow app to fix)")
    elif starter.score:
        report.problems.append(f"the untouched starter scores {starter.score:g} points: "
                               "points for nothing (give forbid-only checks `requires=`)")
    else:
        report.proved.append(f"starter fails with {starter.score:g}/{exercise.max_score:g}")
    _mistakes(grader, exercise, report)
    _alternatives(grader, exercise, report)
    return report


@dataclass
class Alternative:
    path: Path
    correct: bool
    source: str
    expect_checks: list[str]
    expect_messages: list[str]
    wrong: str


HEADER = re.compile(r"^#\s*(wrong|task|expect-check|expect-message|expect-mistake):\s*(.*?)\s*$")


def alternatives(exercise: Exercise) -> list[Alternative]:
    """The exercise's learner-style alternatives, correct ones first."""
    found = []
    for verdict in ("correct", "wrong"):
        for path in sorted((exercise.folder / "alternatives" / verdict).glob("*.py")):
            source = path.read_text(encoding="utf-8")
            header: dict[str, list[str]] = {}
            for line in source.splitlines():
                match = HEADER.match(line)
                if not match:
                    if line.strip() and not line.startswith("#"):
                        break
                    continue
                header.setdefault(match[1], []).append(match[2])
            found.append(Alternative(path, verdict == "correct", source,
                                     header.get("expect-check", []),
                                     header.get("expect-message", []) +
                                     header.get("expect-mistake", []),
                                     " ".join(header.get("wrong", []))))
    return found


def verdict_problem(alternative: Alternative, result) -> str | None:
    """Why a graded alternative's result is not the one it must get, or None."""
    if alternative.correct:
        if result.passed and result.score == result.max_score:
            return None
        if result.error:
            return f"a correct answer did not run: {result.error['message']}"
        failing = [f"{c.name}: {c.message}" for c in result.checks if not c.passed]
        return "a correct answer fails: " + " | ".join(failing)
    if result.passed:
        return f"a wrong answer passes ({alternative.wrong or 'no # wrong: header'})"
    failing = {c.name: c for c in result.checks if not c.passed}
    for name in alternative.expect_checks:
        if name not in failing:
            return f"check {name!r} passes, but it should fail"
    feedback = " ".join([c.message for c in failing.values()] + [c.mistake or "" for c in
                        failing.values()] + ([result.error["message"],
                                               result.error.get("mistake") or ""]
                                              if result.error else []))
    for text in alternative.expect_messages:
        if text.lower() not in feedback.lower():
            shown = " | ".join(c.message for c in failing.values()) or \
                (result.error or {}).get("message", "")
            return f"feedback lacks {text!r}; it says: {shown[:400]}"
    if not alternative.expect_checks and not alternative.expect_messages:
        return "a wrong answer names no expect-check or expect-message in its header"
    return None


def _alternatives(grader: Grader, exercise: Exercise, report: SelfTest) -> None:
    found = alternatives(exercise)
    if not found:
        return
    results = grader.grade_many(exercise, [(a.path.name, a.source) for a in found])
    tally = {True: [0, 0], False: [0, 0]}
    for alternative, result in zip(found, results):
        problem = verdict_problem(alternative, result)
        kind = "correct" if alternative.correct else "wrong"
        tally[alternative.correct][1] += 1
        if problem:
            report.problems.append(f"alternatives/{kind}/{alternative.path.name}: {problem}")
        else:
            tally[alternative.correct][0] += 1
    report.accuracy = {"correct": tuple(tally[True]), "wrong": tuple(tally[False])}
    report.proved.append(f"alternatives: {tally[True][0]}/{tally[True][1]} correct ones pass, "
                         f"{tally[False][0]}/{tally[False][1]} wrong ones get their feedback")


def _mistakes(grader: Grader, exercise: Exercise, report: SelfTest) -> None:
    examples = exercise.mistake_examples()
    declared = {m.name: m for m in exercise.mistakes}
    for name in sorted(set(declared) - set(examples)):
        report.problems.append(f"mistake {name!r} has no example mistakes/{name}.py")
    for name in sorted(set(examples) - set(declared)):
        report.problems.append(f"mistakes/{name}.py matches no declared mistake")
    if len(declared) < 2:
        report.problems.append(f"only {len(declared)} named mistake(s); at least 2 expected")
    for name in sorted(set(examples) & set(declared)):
        result = grader.grade(exercise, examples[name], f"mistakes/{name}.py")
        hits = [c for c in result.checks if c.mistake == name]
        if result.passed:
            report.problems.append(f"mistake {name!r}: its example passes")
        elif result.error and result.error.get("mistake") == name:
            report.proved.append(f"mistake {name!r} is recognised (the app stops with it)")
        elif result.error:
            report.problems.append(f"mistake {name!r}: its example does not run: "
                                   f"{result.error['message']}")
        elif not hits:
            got = "; ".join(c.message for c in result.checks if not c.passed)
            report.problems.append(f"mistake {name!r}: its example got other feedback: {got}")
        else:
            report.proved.append(f"mistake {name!r} is recognised ({hits[0].name})")
