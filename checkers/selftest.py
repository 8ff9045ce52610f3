"""Prove an exercise is sound: the solution passes in full, the starter fails, and every named
mistake's example program fails with that mistake's own message (rustlings' ``dev check`` and
futurecoder's golden tests, for behaviour-graded Streamlit exercises)."""
from __future__ import annotations

from dataclasses import dataclass, field

from checkers.course import Exercise
from checkers.grading import Grader


@dataclass
class SelfTest:
    exercise: str
    problems: list[str] = field(default_factory=list)
    proved: list[str] = field(default_factory=list)

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
    else:
        report.proved.append(f"starter fails with {starter.score:g}/{exercise.max_score:g}")
    _mistakes(grader, exercise, report)
    return report


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
