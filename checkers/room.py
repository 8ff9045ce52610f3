"""Grading for a room: a class of forty pressing Check, and a few endless loops among them.

``Room`` runs gradings (and previews, and the course's own demo runs) on a pool of sandbox
workers, in the order they were asked for, with three rules:

* **One slot per learner.** A learner's new request replaces their older one that has not
  started yet, in its place in the line (the old ticket ends ``Superseded``); nobody can
  fill the queue alone.
* **Honest work is never stuck behind a loop.** ``workers`` jobs run at once (default: the
  machine's cores). A job still running after ``slow_after`` seconds — an honest grading takes
  well under one — stops counting against them and moves to an overflow lane of ``overflow``
  more sandboxes, where its own time limit ends it; the sandbox also lowers such a job's CPU
  share (``checkers.sandbox``), so the loops do not slow the others down either.
* **The course's own work waits** (``later``: preparing an exercise's reference runs, so a
  Check need not wait for them): it starts only when no learner's request is queued.
* **A learner in the queue knows where they are:** ``position`` (requests ahead of theirs)
  and ``estimate`` (seconds until theirs is done, from the recent honest durations).

No Streamlit here: the course page wraps it (``course.grading_service``), and the CLI or a
benchmark can drive it directly.
"""
from __future__ import annotations

import os
import statistics
import threading
import time
import traceback
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from checkers.grading import Grader

#: An honest grading ends within this many seconds; a job running longer is "slow".
SLOW_AFTER = 1.0
#: Extra sandboxes for slow jobs (endless loops until their time limit).
OVERFLOW = 4


class Superseded(Exception):
    """The learner asked again before this request started; the newer one replaces it."""


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(eq=False)
class Ticket:
    """One request: who asked (``owner``; None for the course's own work), what for, and
    the future that holds its answer."""

    owner: str | None
    what: str
    work: Callable[[Grader], Any] = field(repr=False)
    future: Future = field(default_factory=Future, repr=False)
    asked: float = field(default_factory=time.monotonic)
    started: float | None = None
    slow: bool = False
    background: bool = False

    @property
    def state(self) -> str:
        if self.future.done():
            return "replaced" if isinstance(self.future.exception(), Superseded) else "done"
        return "running" if self.started is not None else "queued"


class Room:
    """A pool of sandboxes shared by a room; thread-safe; ``close()`` when done."""

    def __init__(self, workers: int | None = None, overflow: int = OVERFLOW,
                 slow_after: float = SLOW_AFTER, grader: Grader | None = None,
                 spare: int = 0) -> None:
        """``spare``: sandboxes the pool holds beyond the room's own, for others who take
        one for long (the course's live apps, ``checkers.live``); the room never uses them."""
        self.workers = max(1, int(workers or default_workers()))
        self.overflow = max(0, int(overflow))
        self.spare = max(0, int(spare))
        self.slow_after = slow_after
        # The overflow and spare sandboxes start only when first needed.
        self.grader = grader or Grader(workers=self.workers + self.overflow + self.spare,
                                       eager=self.workers)
        self._queue: list[Ticket] = []
        self._later: list[Ticket] = []  # background work, after every learner's request
        self._running: list[Ticket] = []
        self._honest = deque(maxlen=30)  # how long recent honest jobs took, seconds
        self._cond = threading.Condition()
        self._closed = False
        self._threads = ThreadPoolExecutor(self.workers + self.overflow,
                                           thread_name_prefix="speedlit-room")
        self._scheduler = threading.Thread(target=self._schedule, name="speedlit-room-queue",
                                           daemon=True)
        self._scheduler.start()

    # ------------------------------------------------------------ asking
    def submit(self, owner: str | None, what: str, work: Callable[[Grader], Any]) -> Ticket:
        """Queue ``work(grader)`` for ``owner``; their older queued request is superseded."""
        ticket = Ticket(owner, what, work)
        replaced = []
        with self._cond:
            if self._closed:
                raise RuntimeError("the room is closed")
            if owner is not None:
                replaced = [t for t in self._queue if t.owner == owner]
            if replaced:  # the newer request takes the older one's place in the line
                place = self._queue.index(replaced[0])
                self._queue = [t for t in self._queue if t.owner != owner]
                self._queue.insert(place, ticket)
            else:
                self._queue.append(ticket)
            self._cond.notify_all()
        for old in replaced:
            old.future.set_exception(Superseded(f"replaced by a newer {ticket.what}"))
        return ticket

    def later(self, what: str, work: Callable[[Grader], Any]) -> Ticket:
        """Queue the course's own background work (preparing an exercise's reference runs):
        it starts only when no learner is waiting and an honest worker is free, and the same
        ``what`` is never queued twice."""
        with self._cond:
            if self._closed:
                raise RuntimeError("the room is closed")
            for ticket in self._later + self._running:
                if ticket.what == what and ticket.owner is None and ticket.background:
                    return ticket
            ticket = Ticket(None, what, work, background=True)
            self._later.append(ticket)
            self._cond.notify_all()
        return ticket

    def position(self, ticket: Ticket) -> int | None:
        """How many requests will start before this one (None once it has started)."""
        with self._cond:
            try:
                return self._queue.index(ticket)
            except ValueError:
                return None

    def typical_seconds(self) -> float:
        """The median time of recent honest jobs (1 s before there are any)."""
        with self._cond:
            return statistics.median(self._honest) if self._honest else 1.0

    def estimate(self, ticket: Ticket) -> float:
        """Seconds until ``ticket`` is likely done, from now."""
        typical = self.typical_seconds()
        place = self.position(ticket)
        if place is None:
            begun = ticket.started or time.monotonic()
            return max(0.0, typical - (time.monotonic() - begun))
        return (place // self.workers + 1) * typical + typical * 0.5

    def load(self) -> dict:
        """What the room is doing now: queued, running (honest and slow), workers."""
        with self._cond:
            return {"queued": len(self._queue), "running": len(self._running),
                    "slow": sum(t.slow for t in self._running), "workers": self.workers,
                    "overflow": self.overflow, "typical_s": round(
                        statistics.median(self._honest), 3) if self._honest else None}

    # ------------------------------------------------------------ running
    def _schedule(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                now = time.monotonic()
                for ticket in self._running:
                    if not ticket.slow and now - ticket.started > self.slow_after:
                        ticket.slow = True  # leaves the honest lane: another may start
                fast = sum(not t.slow for t in self._running)
                waiting = self._queue or self._later
                if (waiting and fast < self.workers
                        and len(self._running) < self.workers + self.overflow):
                    ticket = waiting.pop(0)
                    ticket.started = now
                    self._running.append(ticket)
                else:
                    self._cond.wait(0.1 if self._running else None)
                    continue
            self._threads.submit(self._run, ticket)

    def _run(self, ticket: Ticket) -> None:
        try:
            value, error = ticket.work(self.grader), None
        except BaseException as exc:  # the work's own problem: its caller hears of it
            value, error = None, exc
            if not isinstance(exc, Exception):
                traceback.print_exc()
        with self._cond:
            self._running.remove(ticket)
            if not ticket.slow and not ticket.background:
                self._honest.append(time.monotonic() - ticket.started)
            self._cond.notify_all()
        if error is None:
            ticket.future.set_result(value)
        else:
            ticket.future.set_exception(error)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            dropped, self._queue, self._later = self._queue + self._later, [], []
            self._cond.notify_all()
        for ticket in dropped:
            ticket.future.set_exception(RuntimeError("the room closed"))
        self._threads.shutdown(wait=True)
        self.grader.close()

    def __enter__(self) -> Room:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
