"""Attack (reading another exercise's solution and checks): every route a learner might try,
each caught so the next one still runs — plain ``open``, ``os.open`` with a ``dir_fd`` (which
the audit hook cannot see through), a ``str`` subclass and a ``PathLike`` whose value changes
after the check, ``linecache``, ``importlib`` of the course's modules, ``sys.modules``,
``pkgutil``, ``sqlite3`` ``ATTACH``, and a symlink from /tmp into the course folder.

Must happen: no solution or checks text reaches the result; the first refusal makes the file
``forbidden`` (it re-raises it at the end).
"""
import importlib
import linecache
import os
import sys

import streamlit as st

COURSE = "/work/main"
TARGETS = [f"{COURSE}/exercises/cache-resource-model/solution.py",
           f"{COURSE}/exercises/cache-data-load/checks.py",
           f"{COURSE}/exercises/cache-data-load/solution.py"]
got, refusals = [], []


def attempt(name, action):
    try:
        text = action()
        if text and "Attack (reading another" not in str(text):  # not just this very file
            got.append(f"LEAKED via {name}: {str(text)[:300]}")
        else:
            got.append(f"{name}: only this file")
    except BaseException as exc:  # noqa: BLE001
        refusals.append(exc)
        got.append(f"{name}: refused ({type(exc).__name__})")


class Shifty(str):
    """A path whose text is harmless when checked and the target when opened."""

    def __fspath__(self):
        return TARGETS[0]


class Later:
    def __init__(self):
        self.calls = 0

    def __fspath__(self):
        self.calls += 1
        return "app.py" if self.calls == 1 else TARGETS[0]


def with_dir_fd():
    base = os.open(sys.prefix, os.O_RDONLY)
    depth = sys.prefix.strip("/").count("/") + 1
    fd = os.open("../" * depth + TARGETS[0].lstrip("/"), os.O_RDONLY, dir_fd=base)
    return os.read(fd, 4000)


def with_sqlite():
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute(f"ATTACH DATABASE '{TARGETS[0]}' AS stolen")
    return "attached"


def with_symlink():
    os.symlink(COURSE, "/tmp/course")
    return open("/tmp/course/exercises/cache-resource-model/solution.py").read()


for target in TARGETS:
    attempt(f"open {target}", lambda t=target: open(t).read())
attempt("dir_fd", with_dir_fd)
attempt("str subclass", lambda: open(Shifty("app.py")).read())
attempt("PathLike that changes", lambda: open(Later()).read())
attempt("linecache", lambda: "".join(linecache.getlines(TARGETS[0])))
attempt("import checkers.course", lambda: importlib.import_module("checkers.course").__file__)
attempt("import checkers.services", lambda: importlib.import_module("checkers.services").ASSETS)
attempt("sys.modules", lambda: [m for m in sys.modules if m.startswith("checkers.judge")])
attempt("checkers.__path__", lambda: os.listdir(sys.modules["checkers"].__path__[0]))
attempt("pkgutil", lambda: __import__("pkgutil").get_data("checkers", "../exercises/"
                                                        "cache-resource-model/solution.py"))
attempt("sqlite3 attach", with_sqlite)
attempt("symlink", with_symlink)

st.title("Sales explorer")
for line in got:
    print(line, flush=True)
st.code("\n".join(got))
if refusals:
    raise refusals[0]
