"""Grading for a room (``checkers.room``): one slot per learner, honest work never stuck
behind endless loops, and a queue position with an estimate for whoever waits."""
from __future__ import annotations

import threading
import time

import pytest

from checkers import course
from checkers.room import Room, Superseded
from checkers.sandbox.pool import Limits
from checkers.spec import start

NO_GRADER = object()  # the scheduling tests run plain work that needs no sandbox


def gate():
    """Work that holds its worker until the returned event is set."""
    opened = threading.Event()
    return opened, (lambda grader: opened.wait(10) and "held")


def wait_until(condition, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def room():
    made = []

    def make(**options):
        made.append(Room(grader=NO_GRADER, **options))
        return made[-1]

    yield make
    for one in made:
        one._threads.shutdown(wait=False, cancel_futures=True)
        with one._cond:
            one._closed = True
            one._cond.notify_all()


def test_a_learners_new_request_replaces_their_queued_one_in_its_place(room):
    hall = room(workers=1, overflow=0)
    opened, hold = gate()
    busy = hall.submit("teacher", "check", hold)
    assert wait_until(lambda: busy.state == "running")
    first = hall.submit("anna", "check", lambda g: "anna 1")
    bob = hall.submit("bob", "check", lambda g: "bob")
    second = hall.submit("anna", "check", lambda g: "anna 2")
    assert isinstance(first.future.exception(timeout=1), Superseded)
    assert first.state == "replaced"
    assert [hall.position(t) for t in (second, bob)] == [0, 1]
    opened.set()
    assert second.future.result(timeout=5) == "anna 2"
    assert bob.future.result(timeout=5) == "bob"
    assert busy.future.result(timeout=5) == "held"


def test_requests_of_the_course_itself_are_never_replaced(room):
    hall = room(workers=1, overflow=0)
    opened, hold = gate()
    hall.submit("x", "check", hold)
    demos = [hall.submit(None, "demo", lambda g, n=n: n) for n in range(3)]
    opened.set()
    assert [d.future.result(timeout=5) for d in demos] == [0, 1, 2]


def test_a_slow_job_moves_aside_so_the_next_honest_one_starts(room):
    hall = room(workers=1, overflow=2, slow_after=0.3)
    loops = [hall.submit(f"looper{n}", "check", lambda g: time.sleep(3) or "loop")
             for n in range(2)]
    honest = hall.submit("anna", "check", lambda g: "fine")
    asked = time.monotonic()
    assert honest.future.result(timeout=5) == "fine"
    assert time.monotonic() - asked < 2.0  # not behind the loops' 3 s each
    assert all(t.slow and t.state == "running" for t in loops)
    assert hall.load()["slow"] == 2


def test_when_the_overflow_is_full_a_slow_job_holds_its_honest_place(room):
    hall = room(workers=1, overflow=1, slow_after=0.2)
    for n in range(2):
        hall.submit(f"looper{n}", "check", lambda g: time.sleep(1.5))
    honest = hall.submit("anna", "check", lambda g: "fine")
    time.sleep(0.8)
    assert honest.state == "queued" and hall.position(honest) == 0
    assert honest.future.result(timeout=5) == "fine"


def test_a_waiting_learner_sees_their_place_and_an_estimate(room):
    hall = room(workers=2, overflow=0)
    for n in range(4):  # give the room a typical duration of about 0.2 s
        hall.submit(f"warm{n}", "check", lambda g: time.sleep(0.2)).future.result(timeout=5)
    assert 0.15 < hall.typical_seconds() < 0.6
    opened, hold = gate()
    held = [hall.submit(f"h{n}", "check", hold) for n in range(2)]
    assert wait_until(lambda: all(t.state == "running" for t in held))
    queued = [hall.submit(f"l{n}", "check", lambda g: None) for n in range(5)]
    assert [hall.position(t) for t in queued] == [0, 1, 2, 3, 4]
    estimates = [hall.estimate(t) for t in queued]
    assert estimates == sorted(estimates) and estimates[0] > 0
    assert estimates[-1] > estimates[0]  # five ahead on two workers: later, not the same
    assert hall.load()["queued"] == 5
    opened.set()
    for t in queued:
        t.future.result(timeout=5)
    assert hall.position(queued[-1]) is None


def test_the_courses_background_work_waits_for_every_learner_and_is_queued_once(room):
    hall = room(workers=1, overflow=0)
    opened, hold = gate()
    hall.submit("x", "check", hold)
    order = []
    prepared = hall.later("prepare A", lambda g: order.append("prepare A"))
    assert hall.later("prepare A", lambda g: order.append("twice")) is prepared
    learner = hall.submit("anna", "check", lambda g: order.append("anna"))
    opened.set()
    prepared.future.result(timeout=5)
    learner.future.result(timeout=5)
    assert order == ["anna", "prepare A"]
    assert hall.later("prepare A", lambda g: order.append("again")).future.result(timeout=5) \
        is None and order[-1] == "again"  # done work can be asked for again


def test_a_failing_job_reaches_its_caller_and_the_room_goes_on(room):
    hall = room(workers=1, overflow=0)
    broken = hall.submit("anna", "check", lambda g: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        broken.future.result(timeout=5)
    assert hall.submit("anna", "check", lambda g: "next").future.result(timeout=5) == "next"


def test_closing_the_room_tells_everyone_still_queued():
    hall = Room(grader=NO_GRADER, workers=1, overflow=0)
    hall.grader = type("G", (), {"close": lambda self: None})()
    opened, hold = gate()
    hall.submit("a", "check", hold)
    queued = hall.submit("b", "check", lambda g: None)
    threading.Timer(0.3, opened.set).start()
    hall.close()
    with pytest.raises(RuntimeError, match="closed"):
        queued.future.result(timeout=1)
    with pytest.raises(RuntimeError, match="closed"):
        hall.submit("c", "check", lambda g: None)


LOOP = "import streamlit as st\nst.title('busy')\nwhile True:\n    pass\n"


@pytest.mark.sandbox
def test_endless_loops_in_real_sandboxes_do_not_hold_an_honest_check_up():
    """Two learners' endless loops on a one-worker room: the honest Check is answered, right,
    long before the loops reach their time limit."""
    exercise = course.load_exercise("cache-data-load")
    limits = Limits(wall_seconds=8, cpu_seconds=8)
    with Room(workers=1, overflow=2, slow_after=1.0) as hall:
        hall.grader.ensure_sandbox()
        loops = [hall.submit(f"looper{n}", "run",
                             lambda g: g.run_app(LOOP, [start()], limits=limits))
                 for n in range(2)]
        time.sleep(0.3)
        asked = time.monotonic()
        honest = hall.submit("anna", "check",
                             lambda g: g.grade(exercise, exercise.solution, "app.py"))
        result = honest.future.result(timeout=30)
        answered = time.monotonic() - asked
        assert result.passed, result.headline
        assert all(t.state == "running" for t in loops), "the loops ended before the check"
        assert answered < 6, answered
        for t in loops:
            outcome = t.future.result(timeout=30)
            assert outcome.error and outcome.error["kind"] == "timeout", outcome.error


@pytest.mark.sandbox
def test_overflow_sandboxes_start_only_when_every_started_one_is_busy():
    from checkers.sandbox.pool import SandboxPool
    with SandboxPool(workers=3, eager=1) as pool:
        assert [w.proc is not None for w in pool._workers] == [True, False, False]
        first = pool.start()
        first.finish(kill=True)
        again = pool.start()  # the warm one is free again: no cold start
        assert sum(w.proc is not None for w in pool._workers) == 1
        second = pool.start()  # the warm one is busy: one overflow zygote starts
        assert sum(w.proc is not None for w in pool._workers) == 2
        again.finish(kill=True)
        second.finish(kill=True)


@pytest.mark.sandbox
def test_prepared_reference_runs_are_what_gradings_use():
    """A server prepares an exercise's reference runs in the background; gradings then draw
    only variants that are ready, so a Check never waits for a reference run."""
    from checkers.grading import Grader
    exercise = course.load_exercise("cache-data-load")
    with Grader(workers=1, variants=3) as grader:
        assert len(grader.unprepared(exercise)) == 3
        grader.reference(exercise, grader.variants[1])  # one ready
        drawn = {grader._draw_variant(exercise) for _ in range(10)}
        assert drawn == {grader.variants[1]}
        assert grader.prepare(exercise) == 2 and grader.unprepared(exercise) == []
