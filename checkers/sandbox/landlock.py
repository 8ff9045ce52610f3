"""Landlock for the grading child: file, TCP and signal rules the kernel enforces per process.

Landlock is an unprivileged Linux security module: a process describes which files it will
still need, and the kernel refuses everything else to it and to all it starts, whatever uid
or mounts it has. It backs up the private root of ``isolation.py`` (and stands in for it where
namespaces are unavailable): learner code can only read beneath the ``read`` paths and write
beneath the ``write`` paths, can never create device nodes, cannot bind or connect TCP sockets
(ABI 4+) and cannot signal processes or reach abstract unix sockets outside its domain (ABI 6+).

It uses the raw syscalls (444-446, the same numbers on x86_64 and aarch64) through ctypes and
asks the kernel for its ABI version, so it handles every access right that kernel knows.
Landlock restricts the calling thread and what it starts later; threads that already run are
only restricted from ABI 8 (``LANDLOCK_RESTRICT_SELF_TSYNC``), so call it before starting any.
Not restricted by Landlock: ``stat``, ``chmod``, ``chown``, times and extended attributes.
"""
from __future__ import annotations

import ctypes
import errno
import os
import stat
import sys

CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
RESTRICT_SELF_TSYNC = 1 << 3  # ABI 8
PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK = 1 << 8, 1 << 9, 1 << 10, 1 << 11
MAKE_SYM = 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15  # ABI 2, 3 and 5
#: Every filesystem right the kernel handles, by ABI version.
FS_RIGHTS = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1,
             5: (1 << 16) - 1}
#: Rights that make sense on a file (not a directory) rule; others are refused with EINVAL.
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
READ = EXECUTE | READ_FILE | READ_DIR
WRITE = READ | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG | MAKE_SOCK | MAKE_FIFO \
    | MAKE_SYM | REFER | TRUNCATE | IOCTL_DEV  # never MAKE_CHAR or MAKE_BLOCK
DEVICE = READ_FILE | WRITE_FILE | TRUNCATE | IOCTL_DEV
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2  # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2  # ABI 6


class Unsupported(OSError):
    pass


class RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def _syscall(libc, nr: int, *args) -> int:
    result = libc.syscall(ctypes.c_long(nr), *args)
    if result < 0:
        err = ctypes.get_errno()
        raise Unsupported(err, f"landlock: {os.strerror(err)}")
    return result


def abi() -> int:
    """The Landlock ABI version of the running kernel; 0 when it has no (enabled) Landlock."""
    libc = _libc()
    if libc is None:
        return 0
    version = libc.syscall(ctypes.c_long(CREATE_RULESET), None, ctypes.c_size_t(0),
                           ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(int(version), 0)


def restrict(read: list[str], write: list[str], *,
             devices: list[str] = ("/dev/null", "/dev/zero", "/dev/urandom")) -> dict:
    """Restrict the calling process (see the module docstring); returns the report."""
    version = abi()
    if version < 1:
        raise Unsupported(errno.ENOSYS, "landlock: not available in this kernel")
    libc = _libc()
    handled = FS_RIGHTS[min(version, 5)]
    attr = RulesetAttr(handled_access_fs=handled)
    size = 8
    if version >= 4:
        attr.handled_access_net, size = NET_BIND_TCP | NET_CONNECT_TCP, 16
    if version >= 6:
        attr.scoped, size = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL, 24
    ruleset = _syscall(libc, CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                       ctypes.c_uint32(0))
    try:
        counts = [sum(_allow(libc, ruleset, path, rights & handled) for path in paths)
                  for paths, rights in ((read, READ), (write, WRITE), (devices, DEVICE))]
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:  # required; usually set already
            err = ctypes.get_errno()
            raise Unsupported(err, f"landlock: no_new_privs: {os.strerror(err)}")
        flags = RESTRICT_SELF_TSYNC if version >= 8 else 0
        _syscall(libc, RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(flags))
    finally:
        os.close(ruleset)
    parts = [f"ABI {version}: files (read: {counts[0]} paths, write: {counts[1]} paths, "
             f"devices: {counts[2]})"]
    if version >= 4:
        parts.append("no TCP")
    if version >= 6:
        parts.append("signals and abstract sockets scoped")
    if version < 8 and _threads() > 1:
        parts.append("other running threads not restricted")
    return {"landlock": ", ".join(parts)}


def _allow(libc, ruleset: int, path: str, rights: int) -> int:
    """Add one rule; returns 1, or 0 when ``path`` does not exist."""
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return 0
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= FILE_RIGHTS
        rule = PathBeneathAttr(allowed_access=rights, parent_fd=fd)
        _syscall(libc, ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH),
                 ctypes.byref(rule), ctypes.c_uint32(0))
    finally:
        os.close(fd)
    return 1


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1
