"""Grading for the course pages: one ``checkers.room.Room`` per server (one slot per learner,
endless loops in their own lane), and the status a learner watches while waiting.

Workers come from ``[speedlit] grading_workers`` / ``grading_overflow`` in
``.streamlit/secrets.toml``, else ``SPEEDLIT_GRADING_WORKERS`` / ``SPEEDLIT_GRADING_OVERFLOW``,
else the machine's cores and four overflow sandboxes; live apps at once from ``[speedlit]
live_apps`` / ``SPEEDLIT_LIVE_APPS`` (default 4; 0 switches them off)."""
from __future__ import annotations

import hashlib
import os
import time
import traceback

import streamlit as st

from checkers import course
from checkers.live import LiveRoom, Timeouts
from checkers.result import Result
from checkers.room import OVERFLOW, Room, Superseded, Ticket

#: Live apps running at once (each holds a sandbox while it runs).
LIVE_APPS = 4


def _setting(name: str, default: int | None) -> int | None:
    try:
        value = st.secrets.get("speedlit", {}).get(name)
    except Exception:  # no secrets file: defaults
        value = None
    value = value if value is not None else os.environ.get(f"SPEEDLIT_{name.upper()}")
    try:
        return max(0, int(value)) if value not in (None, "") else default
    except ValueError:
        return default


class Service:
    """The course's requests to the room: Check, Run, and a lesson's demo runs; and the live
    apps Run opens (``checkers.live``), on sandboxes of the same pool kept apart for them."""

    def __init__(self, workers: int | None = None, overflow: int = OVERFLOW,
                 live_apps: int = LIVE_APPS) -> None:
        self.room = Room(workers=workers, overflow=overflow, spare=live_apps)
        self.live = LiveRoom(self.room.grader.pool, live_apps, live_timeouts())
        self._starters: dict[str, object] = {}

    def start_live(self, owner: str, exercise_id: str, source: str):
        """The learner's app, live in the sandbox (their running one is replaced): a
        ``LiveApp``; ``LiveFull``, ``LiveError`` or ``SandboxUnavailable`` when it cannot."""
        exercise = course.load_exercise(exercise_id)
        return self.live.start(owner, source, exercise.limits, label=exercise_id)

    def starter_run(self, exercise_id: str):
        """The starter's run through the exercise's scenario (the grader's clicks, on the
        course's data), done once in the background: an ``Outcome``, or None until ready."""
        ticket = self._starters.get(exercise_id)
        if ticket is None:
            exercise = course.load_exercise(exercise_id)
            ticket = self._starters[exercise_id] = self.room.later(
                f"starter {exercise_id}", lambda grader: grader.observe(exercise,
                                                                        exercise.starter))
        if not ticket.future.done():
            return None
        if ticket.future.exception() is not None:
            self._starters.pop(exercise_id, None)  # asked again next time
            return None
        return ticket.future.result()

    def grade(self, owner: str | None, exercise_id: str, source: str) -> Ticket:
        exercise = course.load_exercise(exercise_id)

        def work(grader):
            try:
                return grader.grade(exercise, source, "your code")
            except Exception:  # a problem of the course, never of the learner's code
                traceback.print_exc()
                return unavailable(exercise, source)
            finally:
                self.prepare(exercise_id)  # a variant may have just been replaced

        return self.room.submit(owner, "check", work)

    def prepare(self, exercise_id: str) -> None:
        """Have the exercise's reference runs ready before anyone presses Check (in the
        background, after every learner's request)."""
        exercise = course.load_exercise(exercise_id)
        if self.room.grader is not None and self.room.grader.unprepared(exercise):
            self.room.later(f"prepare {exercise_id}", lambda grader: grader.prepare(exercise))

    def preview(self, owner: str | None, exercise_id: str, source: str) -> Ticket:
        exercise = course.load_exercise(exercise_id)
        return self.room.submit(owner, "run", lambda grader: grader.observe(exercise, source))

    def run_app(self, source: str, scenario) -> Ticket:
        """Run trusted course code (a lesson's app) through a scenario in the sandbox."""
        return self.room.submit(None, "demo", lambda grader: grader.run_app(source, scenario))


def unavailable(exercise, source: str) -> Result:
    """The result a learner sees when the course itself could not grade."""
    error = {"kind": "sandbox", "message": "The grader could not check this exercise right "
             "now; this is not about your code. Please try again in a minute, or tell your "
             "teacher (the server's log says what went wrong)."}
    return Result(exercise.id, "your code", False, 0, exercise.max_score, 0.0, [], error, {},
                  hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest())


@st.cache_resource(show_spinner=False)
def service() -> Service:
    return Service(_setting("grading_workers", None), _setting("grading_overflow", OVERFLOW),
                   _setting("live_apps", LIVE_APPS))


def live_timeouts() -> Timeouts:
    """How long a live app waits for its learner: ``[speedlit] live_idle_seconds`` (no click),
    ``live_leave_seconds`` (every browser gone), or the ``SPEEDLIT_LIVE_…`` variables."""
    default = Timeouts()
    return Timeouts(idle_seconds=_setting("live_idle_seconds", int(default.idle_seconds)),
                    leave_seconds=_setting("live_leave_seconds", int(default.leave_seconds)),
                    max_seconds=_setting("live_max_seconds", int(default.max_seconds)))


def queue_label(room: Room, ticket: Ticket, what: str, waited: float) -> str:
    """What a learner reads while waiting: the time so far and, in a queue, their place."""
    place = room.position(ticket)
    if place is None:
        return f"{what}… {waited:.1f} s"
    ahead = "you are next" if place == 0 else f"{place} ahead of you"
    return f"{what}… waiting in the class queue: {ahead}, about {room.estimate(ticket):.0f} s"


def wait(ticket: Ticket, what: str) -> tuple[object | None, str]:
    """Block until ``ticket`` is answered, showing the queue and the time waited meanwhile;
    return its answer (None when a newer request replaced it) and the status line."""
    room, started = service().room, time.monotonic()
    with st.status(f"{what}…", expanded=False) as status:
        while not ticket.future.done():
            status.update(label=queue_label(room, ticket, what, time.monotonic() - started))
            time.sleep(0.15)
        if isinstance(ticket.future.exception(), Superseded):
            done = f"{what}: replaced by your newer request"
            status.update(label=done, state="error")
            return None, done
        done = f"{what}: done in {time.monotonic() - started:.1f} s"
        status.update(label=done, state="complete")
    return ticket.future.result(), done
