"""Grading for the course pages: one warm sandbox pool per server, bounded concurrency, and a
queue position to show while a learner waits (a class of forty pressing Check at once)."""
from __future__ import annotations

import hashlib
import threading
import time
import traceback
from concurrent.futures import Future, ThreadPoolExecutor

import streamlit as st

from checkers import course
from checkers.grading import Grader
from checkers.result import Result

WORKERS = 2


class Service:
    """Runs gradings and previews on a fixed pool of sandbox workers, first come first served."""

    def __init__(self, workers: int = WORKERS) -> None:
        self.grader = Grader(workers=workers)
        self._threads = ThreadPoolExecutor(max_workers=16, thread_name_prefix="speedlit-grade")
        self._lock = threading.Lock()
        self._waiting = 0

    def _track(self, work):
        def run():
            try:
                return work()
            finally:
                with self._lock:
                    self._waiting -= 1
        with self._lock:
            self._waiting += 1
        return self._threads.submit(run)

    def grade(self, exercise_id: str, source: str) -> Future:
        exercise = course.load_exercise(exercise_id)

        def work():
            try:
                return self.grader.grade(exercise, source, "your code")
            except Exception:  # a problem of the course, never of the learner's code
                traceback.print_exc()
                return unavailable(exercise, source)

        return self._track(work)

    def preview(self, exercise_id: str, source: str) -> Future:
        exercise = course.load_exercise(exercise_id)
        return self._track(lambda: self.grader.observe(exercise, source))

    def run_app(self, source: str, scenario) -> Future:
        """Run trusted course code (a lesson's app) through a scenario in the sandbox."""
        return self._track(lambda: self.grader.run_app(source, scenario))

    @property
    def waiting(self) -> int:
        """Gradings and previews submitted and not finished, this one included."""
        return self._waiting


def unavailable(exercise, source: str) -> Result:
    """The result a learner sees when the course itself could not grade."""
    error = {"kind": "sandbox", "message": "The grader could not check this exercise right "
             "now; this is not about your code. Please try again in a minute, or tell your "
             "teacher (the server's log says what went wrong)."}
    return Result(exercise.id, "your code", False, 0, exercise.max_score, 0.0, [], error, {},
                  hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest())


@st.cache_resource(show_spinner=False)
def service() -> Service:
    return Service()


def wait(future: Future, what: str) -> tuple[object, str]:
    """Block until ``future`` is done, showing the queue and the time waited meanwhile;
    return its result and the status line it ended with."""
    started = time.monotonic()
    with st.status(f"{what}…", expanded=False) as status:
        while not future.done():
            others = max(0, service().waiting - 1)
            queue = f" · {others} other grading(s) in progress" if others else ""
            status.update(label=f"{what}… {time.monotonic() - started:.1f} s{queue}")
            time.sleep(0.15)
        done = f"{what}: done in {time.monotonic() - started:.1f} s"
        status.update(label=done, state="complete")
    return future.result(), done
