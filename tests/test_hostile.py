"""Hostile submissions: each is graded as a failure of the right kind, within its limit, with the
grader alive afterwards and the solution's text in no output."""
import dataclasses
import json
import time

import pytest

from checkers import course
from checkers.grading import Grader
from checkers.sandbox import Limits

EXERCISE = course.load_exercise("cache-data-load")
FAST = dataclasses.replace(EXERCISE, limits=Limits(wall_seconds=4, cpu_seconds=4,
                                                   memory_mb=512, output_kb=256))
SOLUTION_PATH = EXERCISE.folder / "solution.py"
HEAD = "import streamlit as st\nimport os, sys\n"

HOSTILE = {
    "busy loop": ("while True:\n    pass\n", "timeout"),
    "busy loop in a cached function": (
        "@st.cache_data\ndef load():\n    while True:\n        pass\nload()\n", "timeout"),
    "memory bomb": ("hog = []\nwhile True:\n    hog.append(bytearray(10**7))\n", "memory"),
    "huge allocation": ("x = bytearray(10**11)\n", "memory"),
    "fork bomb": ("while True:\n    os.fork()\n", "forbidden"),
    "subprocess": ("import subprocess\nsubprocess.run(['ls', '/'])\n", "forbidden"),
    "read the solution": (f"st.code(open({str(SOLUTION_PATH)!r}).read())\n", "forbidden"),
    "write outside its folder": ("open('/usr/local/owned.txt', 'w').write('x')\n", "forbidden"),
    "write via parent dir": ("open('../../etc/owned', 'w').write('x')\n", "forbidden"),
    "open a socket": ("import socket\nsocket.create_connection(('127.0.0.1', 80), 1)\n",
                      "forbidden"),
    "print 100 MB": ("print('x' * 100_000_000)\n", "output"),
    "os._exit": ("os._exit(0)\n", "crash"),
    "sys.exit": ("sys.exit(0)\n", "crash"),
    "kill its parent": ("import signal\nos.kill(os.getppid(), signal.SIGKILL)\n", "forbidden"),
    "replace the counter": ("import speedlit\nspeedlit.slow = lambda *a, **k: None\n",
                            "forbidden"),
    "import the engine": ("import checkers.harness\n", "forbidden"),
    "walk the grader's frames": ("f = sys._getframe(1)\nst.write(str(f.f_globals))\n",
                                 "forbidden"),
    "ctypes": ("import ctypes\nctypes.CDLL(None).getpid()\n", "forbidden"),
}


@pytest.fixture(scope="module")
def grader():
    with Grader() as g:
        yield g


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_submission_fails_with_the_right_kind(grader, name):
    source, kind = HOSTILE[name]
    started = time.monotonic()
    result = grader.grade(FAST, HEAD + source, f"{name}.py")
    took = time.monotonic() - started
    assert not result.passed and result.score == 0
    assert result.error and result.error["kind"] == kind, result.error
    assert result.error["message"] and "Traceback" not in result.error["message"]
    assert took < FAST.limits.wall_seconds + 5
    everything = json.dumps(result.to_dict(with_observed=True)) + result.output
    assert EXERCISE.solution not in everything
    assert "@st.cache_data\ndef load_sales" not in everything
    healthy = grader.grade(FAST, EXERCISE.solution, "after.py")
    assert healthy.passed, f"grader unhealthy after {name}: {healthy.headline}"


def test_st_stop_at_the_top_is_a_plain_failure(grader):
    result = grader.grade(FAST, HEAD + "st.stop()\n" + EXERCISE.solution, "stop.py")
    assert not result.passed and result.error is None
    failed = {c.name for c in result.checks if not c.passed}
    assert "The dataset is loaded once" in failed


def test_an_object_equal_to_everything_does_not_pass(grader):
    cheat = HEAD + (
        "class Anything:\n"
        "    def __eq__(self, other):\n        return True\n"
        "    __hash__ = object.__hash__\n"
        "st.title(Anything())\nst.write(Anything())\nst.session_state.x = Anything()\n")
    result = grader.grade(FAST, cheat, "eq.py")
    assert not result.passed
    display = next(c for c in result.checks if c.name.startswith("The app shows the same"))
    assert not display.passed


def test_a_batch_with_hostile_files_loses_nothing(grader):
    names = ["busy loop", "os._exit", "print 100 MB", "fork bomb"]
    batch = [(f"{n}.py", HEAD + HOSTILE[n][0]) for n in names]
    batch.insert(2, ("good.py", EXERCISE.solution))
    results = grader.grade_many(FAST, batch)
    assert [r.file for r in results] == [f for f, _ in batch]
    assert [r.error["kind"] if r.error else None for r in results] == \
        ["timeout", "crash", None, "output", "forbidden"]
    assert results[2].passed


def test_every_result_reports_its_isolation(grader):
    result = grader.grade(FAST, EXERCISE.solution, "solution.py")
    assert result.isolation.get("level") in ("strong", "partial")
    assert result.isolation["level"] == "strong" or result.isolation.get("missing")
