"""Grade submissions: run them in the sandbox, then judge what they did.

Outcome first, explanation second (the pythonwhat way): every check judges the learner's
observed behaviour against the exercise's scenario and the reference solution's run; only a
failing check looks at the code, through the exercise's named mistakes, to say *why* and where.
"""
from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from checkers import course
from checkers.course import CourseError, Exercise
from checkers.result import CheckResult, Result, syntax_message
from checkers.sandbox import Job, JobResult, Limits, SandboxPool
from checkers.spec import CRASH, Context

MAX_SOURCE_BYTES = 200_000
SCRIPT = "app.py"
ENTRY = "checkers.harness:run"


class Grader:
    """Owns a pool of sandbox workers; thread-safe; use as a context manager."""

    def __init__(self, workers: int = 1) -> None:
        self.pool = SandboxPool(ENTRY, workers=workers)
        self.workers = workers
        self._references: dict[tuple[str, str], dict] = {}
        self._reference_locks: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.pool.close()

    # ------------------------------------------------------------ running
    def job_for(self, source: str, scenario, files: dict[str, bytes] | None = None,
                limits: Limits = Limits()) -> Job:
        """A sandbox job that runs ``source`` through ``scenario``."""
        payload = {"script": SCRIPT, "scenario": list(scenario), "timeout": limits.wall_seconds}
        job_files = {**(files or {}), SCRIPT: source.encode("utf-8", "surrogateescape")}
        return Job(payload=payload, files=job_files, limits=limits)

    def run_app(self, source: str, scenario, files: dict[str, bytes] | None = None,
                limits: Limits = Limits()) -> JobResult:
        """Run any app through a scenario in the sandbox (lesson benchmarks, previews)."""
        return self.pool.run(self.job_for(source, scenario, files, limits))

    def observe(self, exercise: Exercise, source: str, scenario=None) -> JobResult:
        """Run ``source`` through the exercise's scenario (or another) and return what it did."""
        return self.run_app(source, scenario or exercise.scenario, exercise.handed_out(),
                            exercise.limits)

    def reference(self, exercise: Exercise) -> dict:
        """The reference solution's run, computed once per solution text (concurrent first
        gradings wait for the one computation)."""
        key = (exercise.id, hashlib.sha256(exercise.solution.encode()).hexdigest())
        with self._lock:
            lock = self._reference_locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._references:
                outcome = self.observe(exercise, exercise.solution)
                problem = outcome.error or _first_crash(outcome.value or {})
                if problem:
                    raise CourseError(f"the reference solution of {exercise.id} fails: {problem}")
                self._references[key] = outcome.value
            return self._references[key]

    # ------------------------------------------------------------ grading
    def grade(self, exercise: Exercise, source: str, file: str = "submission.py") -> Result:
        return self.grade_many(exercise, [(file, source)])[0]

    def grade_many(self, exercise: Exercise, submissions: list[tuple[str, str]]) -> list[Result]:
        """Grade (file name, source) pairs on all workers; order kept, nothing lost."""
        reference = self.reference(exercise)
        with ThreadPoolExecutor(max_workers=self.workers) as threads:
            return list(threads.map(lambda s: self._grade_one(exercise, reference, *s),
                                    submissions))

    def _grade_one(self, exercise: Exercise, reference: dict, file: str, source: str) -> Result:
        started = time.perf_counter()
        digest = hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()
        blank = dict(exercise=exercise.id, file=file, submission_sha256=digest,
                     max_score=exercise.max_score)
        problem = _unreadable(source)
        if problem:
            return _failed(exercise, blank, problem, {}, started)
        try:
            tree = course.parse(source)
        except (SyntaxError, ValueError) as exc:
            message = syntax_message(exc) if isinstance(exc, SyntaxError) else str(exc)
            return _failed(exercise, blank, {"kind": "syntax", "message": message}, {}, started)
        outcome = self.observe(exercise, source)
        ctx = Context(outcome.value or {}, reference, source, tree)
        crash = _first_crash(outcome.value or {})
        error = outcome.error or (crash and _explain(crash, exercise, ctx))
        if error:
            return _failed(exercise, blank, error, outcome.isolation, started, outcome.stdout)
        checks = [_judge(check, exercise, ctx) for check in exercise.checks]
        return Result(**blank, passed=all(c.passed for c in checks),
                      score=sum(c.score for c in checks), checks=checks, error=None,
                      isolation=outcome.isolation, output=outcome.stdout,
                      execution_time=time.perf_counter() - started, observed=outcome.value)


def _judge(check, exercise: Exercise, ctx: Context) -> CheckResult:
    verdict = check.evaluate(ctx)
    if verdict is None:
        return CheckResult(check.name, True, check.points, check.points, "", task=check.task)
    message, line, mistake = verdict.message, verdict.line, None
    for candidate in exercise.mistakes:
        if candidate.check not in (None, check.name):
            continue
        finding = candidate.diagnose(ctx)
        if finding:
            message = candidate.message.replace("{found}", finding.message)
            line, mistake = finding.line or line, candidate.name
            break
    if line:
        message = f"Line {line}: {message}"
    return CheckResult(check.name, False, 0, check.points, message, line, check.task, mistake)


def _explain(crash: dict, exercise: Exercise, ctx: Context) -> dict:
    """A crash a named mistake recognises gets that mistake's message and the learner's line."""
    for mistake in exercise.mistakes:
        if mistake.check == CRASH:
            finding = mistake.diagnose(ctx)
            if finding:
                where = f"Line {finding.line}: " if finding.line else ""
                return {"kind": crash["kind"],
                        "message": where + mistake.message.replace("{found}", finding.message),
                        "mistake": mistake.name}
    return crash


def _unreadable(source: str) -> dict | None:
    size = len(source.encode("utf-8", "surrogateescape"))
    if size > MAX_SOURCE_BYTES:
        return {"kind": "forbidden", "message": f"Your file is {size // 1000} KB; a submission "
                f"may be at most {MAX_SOURCE_BYTES // 1000} KB."}
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return {"kind": "syntax", "message": "Your file is not UTF-8 text; save it as UTF-8."}
    if "\x00" in source:
        return {"kind": "syntax", "message": "Your file contains a NUL byte; save it as text."}
    return None


def _first_crash(observed: dict) -> dict | None:
    """An exception the app showed, as an error a learner can act on."""
    for step in observed.get("steps", []):
        for exc in step.get("exceptions", []):
            where = f" on line {exc['line']}" if exc.get("line") else ""
            kind = str(exc["type"]).rsplit(".", 1)[-1]
            return {"kind": "crash", "message": f"Your app raised {kind}{where} when the "
                    f"grader did “{step['said']}”: {exc['message']}"}
    return None


def _failed(exercise: Exercise, blank: dict, error: dict, isolation: dict, started: float,
            output: str = "") -> Result:
    note = f"Not graded: the app could not be run ({error['kind']})."
    checks = [CheckResult(c.name, False, 0, c.points, note, task=c.task) for c in exercise.checks]
    return Result(**blank, passed=False, score=0, checks=checks, error=error,
                  isolation=isolation, output=output,
                  execution_time=time.perf_counter() - started)
