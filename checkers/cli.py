"""``python -m checkers``: list exercises, grade files, prove the course (selftest).

Exit codes: 0 everything passed, 1 something failed, 2 a usage error, a missing file or no
sandbox on this host — always with a one-line message, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from checkers import course, report, submission
from checkers.course import CourseError
from checkers.result import Result, not_graded
from checkers.sandbox import SandboxUnavailable


class UsageError(Exception):
    pass


class Refused(Exception):
    """Grading is switched off on this host (no sandbox): the message says why."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit 2 itself
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m checkers", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    listing = sub.add_parser("list", help="list the exercises in course order")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    grade = sub.add_parser("grade", help="grade learner files against an exercise")
    grade.add_argument("exercise")
    grade.add_argument("files", nargs="+", metavar="FILE")
    grade.add_argument("--format", choices=report.FORMATS, default="text")
    grade.add_argument("--out", type=Path, help="write results into this folder")
    grade.add_argument("--jobs", type=int, default=1, help="gradings in parallel (default 1)")
    bundle = sub.add_parser("gradescope-bundle",
                            help="write the Gradescope autograder zip for an exercise")
    bundle.add_argument("exercise")
    bundle.add_argument("--out", type=Path, help="the zip to write (default: "
                        "<exercise>-autograder.zip)")
    bundle.add_argument("--allow-unconfined", action="store_true",
                        help="grade even where the sandbox cannot isolate (results "
                        "marked unsafe)")
    inside = sub.add_parser("gradescope-run", help="(inside the autograder) grade "
                            "<root>/submission into <root>/results/results.json")
    inside.add_argument("exercise")
    inside.add_argument("--root", type=Path, default=Path("/autograder"))
    check = sub.add_parser("selftest", help="prove solutions pass, starters and mistakes fail")
    check.add_argument("exercises", nargs="*", metavar="EXERCISE")
    check.add_argument("--jobs", type=int, default=1)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return {"list": _list, "grade": _grade, "selftest": _selftest,
                "gradescope-bundle": _bundle, "gradescope-run": _inside}[args.command](args)
    except UsageError as exc:
        print(f"python -m checkers: {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"python -m checkers: {exc}", file=sys.stderr)
        return 2
    except CourseError as exc:
        print(f"python -m checkers: course error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 1


def _list(args) -> int:
    items = [{"id": e.id, "title": e.title, "lesson": e.lesson, "max_score": e.max_score,
              "checks": len(e.checks)} for e in course.exercises()]
    if args.format == "json":
        print(json.dumps(items, indent=2))
    else:
        for item in items:
            print(f"{item['id']:<24} {item['lesson']:<16} {item['max_score']:>3} pts  "
                  f"{item['title']}")
    return 0


def _read(paths: list[str]) -> list[tuple[str, str]]:
    sources = []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"no such file: {name}")
        sources.append((name, submission.from_bytes(path.read_bytes())))
    return sources


def _grade(args) -> int:
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    exercise = course.load_exercise(args.exercise) if args.exercise in course.exercise_ids() \
        else _unknown(args.exercise)
    submissions = _read(args.files)
    from checkers.grading import Grader

    try:
        with Grader(workers=min(args.jobs, len(submissions))) as grader:
            grader.ensure_sandbox()
            results = grader.grade_many(exercise, submissions)
    except SandboxUnavailable as exc:
        raise Refused(str(exc)) from None
    except Exception as exc:  # the grader itself failed: still answer for every file
        results = [_grader_failed(exercise, name, exc) for name, _ in submissions]
    _emit(results, args)
    return 0 if all(r.passed for r in results) else 1


def _bundle(args) -> int:
    from checkers import gradescope
    if args.exercise not in course.exercise_ids():
        _unknown(args.exercise)
    target = args.out or Path(f"{args.exercise}-autograder.zip")
    target.write_bytes(gradescope.bundle(args.exercise, allow_unconfined=args.allow_unconfined))
    print(f"wrote {target}: upload it as the assignment's autograder (Ubuntu 24.04 base "
          "image); learners submit one .py file")
    return 0


def _inside(args) -> int:
    from checkers import gradescope
    if args.exercise not in course.exercise_ids():
        _unknown(args.exercise)
    return gradescope.run(args.exercise, args.root)


def _unknown(exercise_id: str):
    raise UsageError(f"unknown exercise {exercise_id!r}; see `python -m checkers list`")


def _grader_failed(exercise, file: str, exc: Exception) -> Result:
    return not_graded(exercise, file, "crash", f"The grader itself failed ({exc}); this is "
                      "not your fault — tell your teacher.")


def _emit(results: list[Result], args) -> None:
    if args.format == "gradescope":
        for path in report.write_gradescope(results, args.out or Path(".")):
            print(f"wrote {path}")
        return
    rendered = report.render(results, args.format)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        suffix = {"text": "txt", "json": "json", "csv": "csv"}[args.format]
        target = args.out / f"results.{suffix}"
        target.write_text(rendered, encoding="utf-8")
        print(f"wrote {target}")
    else:
        sys.stdout.write(rendered)


def _selftest(args) -> int:
    from checkers.grading import Grader
    from checkers.selftest import SelfTest, selftest

    ids = args.exercises or course.exercise_ids()
    for exercise_id in ids:
        if exercise_id not in course.exercise_ids():
            _unknown(exercise_id)
    failed = 0
    with Grader(workers=max(1, args.jobs)) as grader:
        try:
            grader.ensure_sandbox()
        except SandboxUnavailable as exc:
            raise Refused(str(exc)) from None
        for exercise_id in ids:
            try:
                outcome = selftest(grader, course.load_exercise(exercise_id))
            except CourseError as exc:
                outcome = SelfTest(exercise_id, problems=[str(exc)])
            print(f"{'ok  ' if outcome.ok else 'FAIL'} {exercise_id}")
            for line in outcome.proved:
                print(f"       ✓ {line}")
            for line in outcome.problems:
                print(f"       ✗ {line}")
            failed += not outcome.ok
    print(f"{len(ids) - failed} passed, {failed} failed")
    return 1 if failed else 0
