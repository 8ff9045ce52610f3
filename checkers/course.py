"""The course as data: the manifest (``course.toml``) and the exercise folders it names.

A lesson is a folder ``lessons/<nn>-<id>/``::

    lesson.toml       title, summary, the demo's counted step, the benchmark scenario,
                      myths and claims (each naming the test that proves it on the pinned version)
    lesson.md         the explanation
    before.py         the slow app
    after.py          the same app, fast

An exercise is a folder ``exercises/<id>/``::

    exercise.toml     title, lesson, hints (in order), limits
    instructions.md   numbered tasks for the learner
    starter.py        the slow app the learner starts from
    solution.py       a reference solution: its display is what every submission must match
    checks.py         SCENARIO, CHECKS and MISTAKES (see checkers.spec)
    mistakes/*.py     one wrong program per named mistake
    alternatives/     learner-style answers: correct/*.py must pass in full, wrong/*.py must
                      fail with the check and feedback their header names (checkers.selftest)

Adding a lesson or an exercise is adding such a folder and one line in ``course.toml``.
"""
from __future__ import annotations

import functools
import importlib.util
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from checkers.sandbox import Limits
from checkers.spec import CRASH, STEP_KINDS, Check, Mistake, start

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "course.toml"


class CourseError(Exception):
    """The course content is inconsistent (a missing folder, an unknown id …)."""


@dataclass(frozen=True)
class Exercise:
    id: str
    folder: Path
    title: str
    lesson: str
    hints: tuple[str, ...]
    limits: Limits
    scenario: tuple[dict, ...]
    checks: tuple[Check, ...]
    mistakes: tuple[Mistake, ...]
    summary: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def max_score(self) -> int:
        return sum(c.points for c in self.checks)

    @property
    def starter(self) -> str:
        return (self.folder / "starter.py").read_text(encoding="utf-8")

    @property
    def solution(self) -> str:
        return (self.folder / "solution.py").read_text(encoding="utf-8")

    @property
    def instructions(self) -> str:
        path = self.folder / "instructions.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def mistake_examples(self) -> dict[str, str]:
        """Example program of each named mistake, by name."""
        folder = self.folder / "mistakes"
        return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.py"))}


def manifest(root: Path = ROOT) -> dict:
    path = root / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"cannot read {MANIFEST}: {exc}") from exc
    if data.get("format_version") != 1:
        raise CourseError(f"{MANIFEST}: unsupported format_version {data.get('format_version')!r}")
    return data


def exercise_ids(root: Path = ROOT) -> list[str]:
    return list(manifest(root).get("exercises", []))


def lesson_ids(root: Path = ROOT) -> list[str]:
    return list(manifest(root).get("lessons", []))


@dataclass(frozen=True)
class Lesson:
    id: str
    number: int
    folder: Path
    title: str
    summary: str
    expensive: str
    scenario: tuple[dict, ...]
    myths: tuple[dict, ...]
    claims: tuple[dict, ...]

    @property
    def text(self) -> str:
        return (self.folder / "lesson.md").read_text(encoding="utf-8")

    @property
    def before(self) -> str:
        return (self.folder / "before.py").read_text(encoding="utf-8")

    @property
    def after(self) -> str:
        return (self.folder / "after.py").read_text(encoding="utf-8")

    def exercises(self, root: Path = ROOT) -> list[Exercise]:
        """The exercises that practise this lesson, in course order."""
        return [e for e in exercises(root) if e.lesson == self.id]


def lesson_folder(lesson_id: str, root: Path = ROOT) -> Path:
    """``lessons/<nn>-<id>``: the number orders the folders for a reader, the manifest decides."""
    found = sorted(p for p in (root / "lessons").glob(f"[0-9][0-9]-{lesson_id}") if p.is_dir())
    if len(found) != 1:
        raise CourseError(f"lesson {lesson_id}: expected one folder lessons/NN-{lesson_id}, "
                          f"found {len(found)}")
    return found[0]


@functools.cache
def load_lesson(lesson_id: str, root: Path = ROOT) -> Lesson:
    if lesson_id not in lesson_ids(root):
        raise CourseError(f"unknown lesson {lesson_id!r} (known: {', '.join(lesson_ids(root))})")
    folder = lesson_folder(lesson_id, root)
    try:
        meta = tomllib.loads((folder / "lesson.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"lesson {lesson_id}: cannot read lesson.toml: {exc}") from exc
    return Lesson(
        id=lesson_id, number=lesson_ids(root).index(lesson_id) + 1, folder=folder,
        title=meta["title"], summary=meta.get("summary", ""), expensive=meta.get("expensive", ""),
        scenario=tuple(meta.get("scenario", ())), myths=tuple(meta.get("myths", ())),
        claims=tuple(meta.get("claims", ())),
    )


def lessons(root: Path = ROOT) -> list[Lesson]:
    return [load_lesson(i, root) for i in lesson_ids(root)]


@functools.cache
def load_exercise(exercise_id: str, root: Path = ROOT) -> Exercise:
    if exercise_id not in exercise_ids(root):
        known = ", ".join(exercise_ids(root))
        raise CourseError(f"unknown exercise {exercise_id!r} (known: {known})")
    folder = root / "exercises" / exercise_id
    try:
        meta = tomllib.loads((folder / "exercise.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"exercise {exercise_id}: cannot read exercise.toml: {exc}") from exc
    checks = _load_checks(exercise_id, folder / "checks.py")
    scenario = list(checks.SCENARIO)
    first = next((i for i, step in enumerate(scenario)
                  if not isinstance(step, dict) or step.get("do") != "advance"), len(scenario))
    if first == len(scenario) or scenario[first].get("do") != "start":
        scenario.insert(first, start())  # the clock may move before anyone opens the app
    _validate(exercise_id, scenario, list(checks.CHECKS), list(getattr(checks, "MISTAKES", ())))
    return Exercise(
        id=exercise_id, folder=folder, title=meta["title"], lesson=meta.get("lesson", ""),
        hints=tuple(meta.get("hints", ())), limits=_limits(exercise_id, meta.get("limits", {})),
        scenario=tuple(scenario),
        checks=tuple(checks.CHECKS), mistakes=tuple(getattr(checks, "MISTAKES", ())),
        summary=meta.get("summary", ""), extra=meta,
    )


def _limits(exercise_id: str, given: dict) -> Limits:
    unknown = set(given) - set(Limits.__dataclass_fields__)
    if unknown:
        raise CourseError(f"exercise {exercise_id}: exercise.toml [limits] has unknown "
                          f"option(s) {', '.join(sorted(unknown))} (known: "
                          f"{', '.join(Limits.__dataclass_fields__)})")
    return Limits(**given)


def _load_checks(exercise_id: str, path: Path):
    """Import an exercise's checks.py (trusted course content, never learner code)."""
    name = "speedlit_checks_" + exercise_id.replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.exists():
        raise CourseError(f"exercise {exercise_id}: checks.py is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for required in ("SCENARIO", "CHECKS"):
        if not hasattr(module, required):
            raise CourseError(f"exercise {exercise_id}: checks.py defines no {required}")
    return module


def _validate(exercise_id: str, scenario: list, checks: list, mistakes: list) -> None:
    """Content errors are the author's, found when the course loads, each naming the file."""
    where = f"exercise {exercise_id}: checks.py"
    for number, step in enumerate(scenario):
        if not isinstance(step, dict) or step.get("do") not in STEP_KINDS:
            raise CourseError(f"{where}: SCENARIO step {number} is not a step "
                              f"(use start, choose, set_value, click, open_tab, rerun, tick, "
                              f"advance): {step!r}")
    names = [c.name for c in checks]
    if not all(isinstance(c, Check) for c in checks):
        raise CourseError(f"{where}: CHECKS holds something that is not a check")
    duplicate = {n for n in names if names.count(n) > 1}
    if duplicate:
        raise CourseError(f"{where}: two checks are named {sorted(duplicate)[0]!r}")
    for check in checks:
        for required in check.requires:
            if required not in names or required == check.name:
                raise CourseError(f"{where}: check {check.name!r} requires {required!r}, "
                                  "which is not another check's name")
    seen = set()
    for mistake in mistakes:
        if not isinstance(mistake, Mistake):
            raise CourseError(f"{where}: MISTAKES holds something that is not a Mistake")
        if mistake.name in seen:
            raise CourseError(f"{where}: two mistakes are named {mistake.name!r}")
        seen.add(mistake.name)
        targets = () if mistake.check in (None, CRASH) else \
            (mistake.check,) if isinstance(mistake.check, str) else mistake.check
        for target in targets:
            if target not in names:
                raise CourseError(f"{where}: mistake {mistake.name!r} explains {target!r}, "
                                  "which is no check's name")


def exercises(root: Path = ROOT) -> list[Exercise]:
    return [load_exercise(i, root) for i in exercise_ids(root)]
