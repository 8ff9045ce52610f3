"""Grade submissions: run each app in the sandbox under the judge, then decide.

Outcome first, explanation second (the pythonwhat way): every check judges what the judge
observed — the page after each step, the runs, the services called — against the exercise's
scenario and the reference solution's run; only a failing check looks at the code, through
the exercise's named mistakes, to say *why* and where.

Each grading draws one of a few secret *variants* (``checkers.services``): the data an app
is served differs between variants, so a page can only be right if the app asked for it.
The reference run is computed once per variant. One file never harms another: whatever a
submission does, its own result says so and every other file in the batch is graded.
"""
from __future__ import annotations

import hashlib
import secrets
import signal
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from checkers import submission
from checkers.course import CourseError, Exercise
from checkers.judge import scenario as judge_scenario
from checkers.result import CheckResult, Result
from checkers.sandbox import Ending, Limits, SandboxPool, SandboxUnavailable
from checkers.spec import CRASH, Context, Verdict
from checkers.wire import WireError

VARIANTS = 4
USES_PER_VARIANT = 24


@dataclass
class Outcome:
    """What running an app produced: the observation or an error, and the conditions."""

    value: dict | None
    error: dict | None
    isolation: dict
    output: str
    seconds: float
    ending: Ending | None = None
    pid: int | None = None


class Grader:
    """Owns a pool of sandbox workers; thread-safe; use as a context manager."""

    def __init__(self, workers: int = 1, variants: int = VARIANTS, guard: bool = True,
                 eager: int | None = None) -> None:
        self.pool = SandboxPool(workers=workers, guard=guard, eager=eager)
        self.workers = workers
        self.variants = [1 + secrets.randbelow(2**31 - 1) for _ in range(max(1, variants))]
        self._uses: dict[int, int] = {}
        self._references: dict[tuple, dict] = {}
        self._locks: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.pool.close()

    # ------------------------------------------------------------ running
    def run_app(self, source: str, scenario, limits: Limits = Limits(), variant: int = 0,
                live: bool = False) -> Outcome:
        """Run any app through a scenario in the sandbox, under the judge."""
        started = time.monotonic()
        try:
            app = self.pool.start(limits)
        except SandboxUnavailable as exc:
            return Outcome(None, {"kind": "sandbox", "message": str(exc)}, {}, "", 0.0)
        judge = judge_scenario.Judge(app.channel, app.output, variant=variant,
                                     deadline=time.monotonic() + limits.wall_seconds,
                                     output_cap=limits.output_kb * 1024, live=live)
        value, stop = None, None
        try:
            value = judge_scenario.run(judge, source, list(scenario))
        except judge_scenario.Stop as exc:
            stop = {"kind": exc.kind, "message": exc.message}
        except WireError as exc:
            stop = {"kind": "forbidden", "message": "Your app sent the grader something that "
                    f"is not a valid message ({exc}); that is not allowed."}
        finally:
            if value is not None:
                app.close_channel()
                judge.drain_output(time.monotonic() + 1.0)
            ending = app.finish(kill=value is None)
        output = judge.printed()
        error = _ending_error(ending, limits) or stop or (
            {"kind": "forbidden", "message": judge.violations[0]} if judge.violations else None)
        return Outcome(value if error is None else None, error, app.isolation, output,
                       time.monotonic() - started, ending, app.pid)

    def ensure_sandbox(self) -> dict:
        """The isolation report of a trivial app, or SandboxUnavailable with the reason."""
        outcome = self.run_app("pass\n", [{"do": "start"}], Limits(wall_seconds=30))
        if outcome.error and outcome.error["kind"] == "sandbox":
            raise SandboxUnavailable(outcome.error["message"])
        return outcome.isolation

    def _draw_variant(self, exercise: Exercise | None = None) -> int:
        """A secret variant for one grading. Each serves a limited number of gradings and is
        then replaced by a fresh one (its reference run with it), so data a grading's app
        managed to see cannot be replayed for long. Variants whose reference run for
        ``exercise`` is ready are drawn first (``prepare`` makes the others ready)."""
        with self._lock:
            ready = [i for i, v in enumerate(self.variants)
                     if exercise is not None and self._reference_key(exercise, v)
                     in self._references]
            index = secrets.choice(ready) if ready else secrets.randbelow(len(self.variants))
            variant = self.variants[index]
            self._uses[variant] = self._uses.get(variant, 0) + 1
            if self._uses[variant] >= USES_PER_VARIANT:
                self.variants[index] = 1 + secrets.randbelow(2**31 - 1)
                self._uses.pop(variant, None)
                for key in [k for k in self._references if k[2] == variant]:
                    del self._references[key]
                    self._locks.pop(key, None)
            return variant

    def _in_public(self, error: dict, exercise: Exercise, source: str) -> dict:
        """A crash's message as the learner may read it: the exception text may hold this
        grading's secret data, so it is quoted from the same app run on the course's public
        data (what the learner's own Run shows), or left out."""
        step = error["crash"]
        raised = step["exceptions"][0]
        public = self.observe(exercise, source, 0)
        for other in (public.value or {}).get("steps", []):
            for exc in other.get("exceptions", []):
                if exc["type"] == raised["type"] and exc.get("line") == raised.get("line"):
                    return {**error, "message": _crash_message(raised, step, exc["message"])}
        return {**error, "message": _crash_message(raised, step, None)}

    def observe(self, exercise: Exercise, source: str, variant: int = 0) -> Outcome:
        return self.run_app(source, exercise.scenario, exercise.limits, variant)

    @staticmethod
    def _reference_key(exercise: Exercise, variant: int) -> tuple:
        return (exercise.id, hashlib.sha256(exercise.solution.encode()).hexdigest(), variant)

    def unprepared(self, exercise: Exercise) -> list[int]:
        """The current variants whose reference run for ``exercise`` is not ready yet."""
        with self._lock:
            return [v for v in self.variants
                    if self._reference_key(exercise, v) not in self._references]

    def prepare(self, exercise: Exercise) -> int:
        """Compute the missing reference runs of ``exercise`` now (a server does it in the
        background, so a learner's Check does not wait for them); how many were made."""
        missing = self.unprepared(exercise)
        for variant in missing:
            self.reference(exercise, variant)
        return len(missing)

    def reference(self, exercise: Exercise, variant: int) -> dict:
        """The reference solution's run for a variant, computed once (concurrent first
        gradings wait for the one computation). SandboxUnavailable passes through."""
        key = self._reference_key(exercise, variant)
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._references:
                outcome = self.observe(exercise, exercise.solution, variant)
                if outcome.error and outcome.error["kind"] == "sandbox":
                    raise SandboxUnavailable(outcome.error["message"])
                problem = outcome.error or _crash_in(outcome.value)
                if problem:
                    raise CourseError(f"the reference solution of {exercise.id} fails: "
                                      f"{problem['message']}")
                for step in outcome.value["steps"]:
                    if step.get("problem"):
                        raise CourseError(
                            f"exercise {exercise.id}: checks.py: the scenario's step "
                            f"{step['index']} cannot be done on solution.py: "
                            f"{step['said']}: {step['problem']}")
                self._references[key] = outcome.value
            return self._references[key]

    # ------------------------------------------------------------ grading
    def grade(self, exercise: Exercise, source: str, file: str = "submission.py") -> Result:
        return self.grade_many(exercise, [(file, source)])[0]

    def grade_many(self, exercise: Exercise, submissions: list[tuple[str, str]]) -> list[Result]:
        """Grade (file name, source) pairs on all workers; order kept, nothing lost."""
        with ThreadPoolExecutor(max_workers=self.workers) as threads:
            return list(threads.map(lambda s: self._grade_safely(exercise, *s), submissions))

    def _grade_safely(self, exercise: Exercise, file: str, source: str) -> Result:
        started = time.perf_counter()
        try:
            return self._grade_one(exercise, file, source, started)
        except SandboxUnavailable as exc:
            return _failed(exercise, _blank(exercise, file, source),
                           {"kind": "sandbox", "message": str(exc)}, {}, started)
        except CourseError:
            raise
        except Exception:
            traceback.print_exc()
            return _failed(exercise, _blank(exercise, file, source), {
                "kind": "crash", "message": "The grader failed on this file; this is not your "
                "fault. Please tell your teacher."}, {}, started)

    def _grade_one(self, exercise: Exercise, file: str, source: str, started: float) -> Result:
        blank = _blank(exercise, file, source)
        read = submission.read(source)
        if read.error:
            return _failed(exercise, blank, read.error, {}, started)
        variant = self._draw_variant(exercise)
        reference = self.reference(exercise, variant)
        outcome = self.observe(exercise, read.text, variant)
        ctx = Context(outcome.value or {}, reference, read.text, read.tree)
        error = outcome.error or _crash_in(outcome.value)
        if error:
            if error.get("crash"):
                error = _explain(self._in_public(error, exercise, read.text), exercise, ctx)
            return _failed(exercise, blank, error, outcome.isolation, started, outcome.output)
        checks = judge_all(exercise, ctx)
        return Result(**blank, passed=all(c.passed for c in checks),
                      score=sum(c.score for c in checks), checks=checks, error=None,
                      isolation=outcome.isolation, output=outcome.output,
                      execution_time=time.perf_counter() - started, observed=outcome.value)


def _blank(exercise: Exercise, file: str, source: str) -> dict:
    digest = hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()
    return dict(exercise=exercise.id, file=file, submission_sha256=digest,
                max_score=exercise.max_score)


def judge_all(exercise: Exercise, ctx: Context) -> list[CheckResult]:
    """Every check on the observation, then the explanations: a check whose ``requires``
    failed scores nothing (it only forbids a mistake in a task not yet done); a failing check
    gets the first named mistake that explains it and is found in this app — each mistake's
    message once, under the first check it explains — else its own plain description."""
    verdicts = {check.name: _verdict(check, ctx) for check in exercise.checks}
    used: set[str] = set()
    results = []
    for check in exercise.checks:
        verdict = verdicts[check.name]
        blocked = [r for r in check.requires if verdicts.get(r) is not None]
        if verdict is None and not blocked:
            results.append(CheckResult(check.name, True, check.points, check.points, "",
                                       task=check.task))
            continue
        if blocked:
            results.append(CheckResult(
                check.name, False, 0, check.points,
                f"Judged once “{blocked[0]}” passes: until then there is nothing to check.",
                task=check.task))
            continue
        message, line, mistake = verdict.message, verdict.line, None
        for candidate in exercise.mistakes:
            if candidate.name in used or candidate.check == CRASH or \
                    not candidate.explains(check.name):
                continue
            try:
                finding = candidate.diagnose(ctx)
            except (RecursionError, Exception):
                finding = None
            if finding:
                message = candidate.message.replace("{found}", finding.message)
                line, mistake = finding.line or line, candidate.name
                used.add(candidate.name)
                break
        if line:
            message = f"Line {line}: {message}"
        results.append(CheckResult(check.name, False, 0, check.points, message, line,
                                   check.task, mistake))
    return results


_GRADER_FAILED = Verdict("The grader could not judge this check on your app (tell your "
                         "teacher).")


def _verdict(check, ctx: Context) -> Verdict | None:
    try:
        return check.evaluate(ctx)
    except Exception:
        traceback.print_exc()
        return _GRADER_FAILED


def _explain(crash: dict, exercise: Exercise, ctx: Context) -> dict:
    """A crash a named mistake recognises gets that mistake's message and the learner's line."""
    ctx.observed = {"steps": [crash["crash"]]}
    for mistake in exercise.mistakes:
        if mistake.check == CRASH:
            try:
                finding = mistake.diagnose(ctx)
            except Exception:
                finding = None
            if finding:
                where = f"Line {finding.line}: " if finding.line else ""
                return {"kind": crash["kind"],
                        "message": where + mistake.message.replace("{found}", finding.message),
                        "mistake": mistake.name}
    return {k: v for k, v in crash.items() if k != "crash"}


def _crash_in(observed: dict | None) -> dict | None:
    """An exception the app showed, as an error a learner can act on."""
    for step in (observed or {}).get("steps", []):
        for exc in step.get("exceptions", []):
            where = f" on line {exc['line']}" if exc.get("line") else ""
            kind = str(exc["type"]).rsplit(".", 1)[-1]
            if kind == "MemoryError":
                return {"kind": "memory", "message": "Your app ran out of memory. Look for a "
                        "list or string that grows without end."}
            return {"kind": "crash", "message": _crash_message(exc, step, exc["message"]),
                    "crash": {**step, "exceptions": [exc]}}
    return None


def _crash_message(exc: dict, step: dict, message: str | None) -> str:
    kind = str(exc["type"]).rsplit(".", 1)[-1]
    where = f" on line {exc['line']}" if exc.get("line") else ""
    said = f"Your app raised {kind}{where} when the grader did “{step['said']}”"
    if message is None:
        return said + " (with this grading's data; Run your app to see it with the course's)."
    return f"{said}: «{message}»"


def _ending_error(ending: Ending, limits: Limits) -> dict | None:
    """What the sandbox saw from outside, when it explains the end better than the judge."""
    if ending.oom or ending.signal == signal.SIGKILL and \
            ending.memory_peak_mb >= limits.memory_mb * 0.9:
        return {"kind": "memory", "message": f"Your app needed more than {limits.memory_mb} MB "
                "of memory and was stopped. Look for a list or string that grows without end."}
    if ending.reason == "cpu" or ending.signal == signal.SIGXCPU:
        return {"kind": "timeout", "message": f"Your app used more than {limits.cpu_seconds} s "
                "of CPU time and was stopped. Look for a loop that never ends."}
    if ending.reason == "timeout":
        return {"kind": "timeout", "message": f"Your app was still running after "
                f"{limits.wall_seconds:g} s and was stopped. Look for a loop that never ends."}
    return None


def _failed(exercise: Exercise, blank: dict, error: dict, isolation: dict, started: float,
            output: str = "") -> Result:
    note = f"Not graded: the app could not be run ({error['kind']})."
    if error["kind"] == "sandbox":
        note = "Not graded: the grading sandbox is not available."
    checks = [CheckResult(c.name, False, 0, c.points, note, task=c.task) for c in exercise.checks]
    return Result(**blank, passed=False, score=0, checks=checks, error=error,
                  isolation=isolation, output=output,
                  execution_time=time.perf_counter() - started)
