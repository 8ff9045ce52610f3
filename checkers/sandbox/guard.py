"""An audit hook that refuses, and records, what exercise code has no business doing.

Installed in each grading child after the OS isolation (``isolation.py``). It is a second line
of defence, **not the security boundary**: audit hooks only see what CPython chooses to audit,
native code (NumPy, Arrow, the C library) never asks, ``dir_fd`` arguments are invisible, and a
determined author can reach frames or modules through some trusted library helper. What
really keeps a learner away from the network, the host's files and other processes is the
namespaces, private root, uid and rlimits. The guard adds two things the OS layers cannot:

* plain-language errors ("Your code tried to open a network connection ...") and a record of
  every attempt, which the grading result reports even when the learner's code caught the
  exception (``notify`` writes each one to the app's output, where the judge reads it: a
  tripwire the learner can cut, never a boundary);
* keeping learner code away from the grading engine in the same interpreter: ``checkers``
  modules, frames of the grader, ``gc`` walks, tracing hooks.

Frame access (``sys._getframe``, ``tb_frame``, ...) is allowed when the code that asked is
trusted: the Python installation, ``sys.path`` outside the working folder, or a standard
library helper that only reads the frame (``namedtuple``, ``logging``, ``traceback``
formatting). Helpers that hand frames back (``inspect.currentframe``, ``traceback.walk_tb``)
are looked through to their caller. Learner code is anything else: the script in the working
folder, ``/tmp`` (where AppTest writes scripts) or ``<string>``.
"""
from __future__ import annotations

import os
import sys
from pathlib import PurePath
from socket import AF_UNIX

MESSAGES = {
    "network": "Your code tried to open a network connection; exercises run without network.",
    "process": "Your code tried to start another process ({what}); exercises run in a single "
               "process.",
    "signal": "Your code tried to send a signal to another process; that is not allowed.",
    "ctypes": "Your code tried to call native code through ctypes; that is not allowed in "
              "exercises.",
    "trace": "Your code tried to install a tracing, profiling or audit hook ({what}); that is "
             "not allowed in exercises.",
    "internals": "Your code tried to inspect the grader's internals ({what}); that is not "
                 "allowed in exercises.",
    "grader": "Your code tried to import the grader ({what}); that is not allowed.",
    "write": "Your code tried to change {what}, outside its working folder; only files in "
             "the current folder (and /tmp) can be written.",
    "read": "Your code tried to read {what}, outside its working folder and the Python "
            "installation.",
    "path": "Your code tried to open a file through an unusual path object ({what}); use a "
            "str or pathlib.Path.",
    "native": "Your code tried to load a native SQLite extension; that is not allowed.",
}
_PROCESS = {"os.fork": "os.fork", "os.forkpty": "os.forkpty", "os.exec": "os.exec*",
            "os.posix_spawn": "os.posix_spawn", "os.spawn": "os.spawn*", "os.system": "os.system",
            "subprocess.Popen": "subprocess", "os.startfile": "os.startfile",
            "pty.spawn": "pty.spawn", "webbrowser.open": "webbrowser"}
_NETWORK_PREFIXES = ("socket.", "http.client.", "ftplib.", "smtplib.", "imaplib.", "nntplib.",
                     "poplib.", "telnetlib.")
_FRAME_ATTRS = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame"})
#: Standard library functions that return frames (or their locals) to their caller.
_LEAKERS = frozenset({
    "currentframe", "<lambda>", "stack", "trace", "getouterframes", "getinnerframes",
    "getgeneratorlocals", "getcoroutinelocals", "getmembers", "_getmembers", "getmembers_static",
    "walk_stack", "walk_tb", "_walk_tb_with_full_positions", "_task_get_stack", "get_stack",
    "gi_frame", "get_field"})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_DEVICES = frozenset({"/dev/null", "/dev/zero", "/dev/urandom"})
_TRUSTED, _LEARNER, _NOBODY = "trusted", "learner", "nobody"


class SandboxViolation(PermissionError):
    """Raised into learner code by the guard; the attempt is recorded either way."""


class Violations:
    """Read-only view of the guard's record (the list itself stays in the hook's closure)."""

    __slots__ = ("_read",)

    def __init__(self, read) -> None:
        self._read = read

    def __iter__(self):
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def first(self) -> dict | None:
        items = self._read()
        return items[0] if items else None


def python_roots() -> list[str]:
    """Directories of the interpreter installation (a venv's and its base's)."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    return sorted({os.path.abspath(r) for r in roots if r})


def _prefixes(paths) -> tuple[str, ...]:
    return tuple(sorted({p.rstrip("/") + "/" for p in paths}))


def _outside(paths: list[str], workdir: str, tmpdir: str) -> list[str]:
    """Paths that do not contain the writable folders (a root like ``/work`` would)."""
    return [p for p in paths if not (workdir + "/").startswith(p.rstrip("/") + "/")
            and not (tmpdir + "/").startswith(p.rstrip("/") + "/")]


def trusted_prefixes(workdir: str, tmpdir: str, hide=()) -> tuple[str, ...]:
    """Where trusted code lives: the installation, ``sys.path`` and the hidden (engine) paths,
    minus anything that contains the writable folders. Every other file name is learner code."""
    paths = [os.path.abspath(p) for p in list(sys.path) + list(hide) if p]
    return _prefixes(python_roots() + _outside(paths, os.path.abspath(workdir),
                                               os.path.abspath(tmpdir)))


def install_guard(workdir: str, *, hide=(), tmpdir: str = "/tmp",
                  protected: tuple[str, ...] = ("checkers",), notify=None) -> Violations:
    """Install the hook for the rest of this process's life; returns its record.

    ``workdir`` and ``tmpdir`` are writable; ``hide`` paths are never readable (the course's
    solutions); ``protected`` names the modules learner code may not import; ``notify`` is
    called with each violation as it happens.
    """
    record: list[dict] = []
    workdir, tmpdir = os.path.abspath(workdir), os.path.abspath(tmpdir)
    hidden = _prefixes(os.path.abspath(h) for h in hide)
    writable = _prefixes([workdir, tmpdir])
    pyroots = _prefixes(python_roots())
    paths = [os.path.abspath(p) for p in sys.path if p]
    outside = _outside(paths, workdir, tmpdir)
    trusted = trusted_prefixes(workdir, tmpdir, hide)
    # The Python installation stays readable even inside a hidden folder (a virtual
    # environment in the course's own folder): hidden means the course, not its runtime.
    runtime = _prefixes(p for p in python_roots() + [q for q in paths if q.endswith(
        ("site-packages", "dist-packages"))] if (p + "/").startswith(hidden))
    readable = _prefixes(python_roots() + [p for p in outside if not (p + "/").startswith(hidden)])
    stdlib = os.path.dirname(os.__file__).rstrip("/") + "/"
    probes = frozenset({stdlib + "linecache.py", stdlib + "tokenize.py",
                        "<frozen importlib._bootstrap_external>"})
    sites = _prefixes(p for p in paths if p.endswith(("site-packages", "dist-packages")))
    protected_dot = tuple(p + "." for p in protected)
    protected = frozenset(protected)
    getframe, me, getpid = sys._getframe, __file__, os.getpid
    abspath, realpath, lexists, fsdecode = (os.path.abspath, os.path.realpath, os.path.lexists,
                                            os.fsdecode)

    def deny(kind: str, event: str, what: str = "", quiet: bool = False) -> None:
        message = MESSAGES[kind].format(what=what)
        entry = {"kind": "forbidden", "message": message, "event": event, "rule": kind,
                 "what": what}
        if not quiet and len(record) < 50:
            record.append(entry)
            if notify is not None:
                try:
                    notify(entry)
                except Exception:
                    pass
        raise SandboxViolation(message)

    def responsible(all_stdlib_leaks: bool = False) -> str:
        """Who is behind the current event: the first frame that is not a frame-leaking helper."""
        frame = getframe(0)
        while frame is not None:
            code = frame.f_code
            name = code.co_filename
            if name == me:
                frame = frame.f_back
                continue
            if name.startswith(stdlib) and not name.startswith(sites) \
                    or name.startswith("<frozen "):
                if not all_stdlib_leaks and code.co_name not in _LEAKERS:
                    return _TRUSTED
                frame = frame.f_back
                continue
            return _TRUSTED if name.startswith(trusted) else _LEARNER
        return _NOBODY

    def benign() -> bool:
        """A file refused to trusted code for its own reasons (source lines for a traceback, a
        library probing a path) is refused without being held against the learner."""
        frame = getframe(0)
        while frame is not None and frame.f_code.co_filename == me:
            frame = frame.f_back
        if frame is not None and frame.f_code.co_filename in probes:
            return True
        return responsible(True) == _TRUSTED

    def text(raw, event: str) -> str | None:
        """The path as an exact ``str``, without running any method the learner could override."""
        kind = type(raw)
        if kind is str:
            return raw
        if kind is bytes:
            return fsdecode(raw)
        if raw is None or isinstance(raw, int):
            return None
        if issubclass(kind, PurePath) and kind.__fspath__ is PurePath.__fspath__ \
                and kind.__str__ is PurePath.__str__:
            raw = PurePath.__str__(raw)
            kind = type(raw)
        if issubclass(kind, str):
            return str.encode(raw, "utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
        if issubclass(kind, bytes):
            return fsdecode(b"".join((raw,)))
        deny("path", event, kind.__name__)

    def as_path(raw, event: str) -> str | None:
        path = text(raw, event)
        return None if path is None else abspath(path)

    def shown(path: str) -> str:
        return repr(path if len(path) <= 120 else path[:117] + "...")

    def check(event: str, raw, write: bool) -> None:
        path = as_path(raw, event)
        if path is None:
            return
        slashed = path + "/"
        if slashed.startswith(hidden) and not (slashed.startswith(runtime) and not write):
            deny("write" if write else "read", event, shown(path), benign())
        if slashed.startswith(writable) and not (write and slashed.startswith(pyroots)):
            real = realpath(path)
            if real == path:
                return
            path, slashed = real, real + "/"
            if slashed.startswith(hidden) and not (slashed.startswith(runtime) and not write):
                deny("write" if write else "read", event, shown(path), benign())
            if slashed.startswith(writable):
                return
        if path in _DEVICES:
            return
        if write:
            deny("write", event, shown(path), benign())
        if slashed.startswith(readable) or not lexists(path):
            return
        deny("read", event, shown(path), benign())

    def on_open(event, args):
        path, mode, flags = args
        if isinstance(path, int):
            return
        if mode is None:
            write = bool(flags & _WRITE_FLAGS)
        else:
            write = "w" in mode or "a" in mode or "x" in mode or "+" in mode
        check(event, path, write)

    def on_write_first(event, args):
        check(event, args[0], True)

    def on_write_two(event, args):
        check(event, args[0], True)
        check(event, args[1], True)

    def on_symlink(event, args):
        target, link = text(args[0], event), as_path(args[1], event)
        check(event, link, True)
        if target is not None and link is not None:
            check(event, os.path.join(os.path.dirname(link), target), False)

    def on_read_first(event, args):
        check(event, "." if not args or args[0] is None else args[0], False)

    def on_sqlite(event, args):
        name = text(args[0], event)
        if name is not None and name.startswith("file:"):
            name = name[5:].split("?", 1)[0]
            name = name[2:] if name.startswith("//") else name
            name = name[9:] if name.startswith("localhost/") else name
        if name not in (None, "", ":memory:"):
            check(event, name, True)

    def on_import(event, args):
        name = args[0]
        if name in protected or name.startswith(protected_dot):
            deny("grader", event, name)

    def on_process(event, args):
        deny("process", event, _PROCESS.get(event, event))

    def on_network(event, args):
        if event == "socket.__new__" and args[1] == AF_UNIX:
            return
        deny("network", event)

    def on_ctypes(event, args):
        deny("ctypes", event)

    def on_native(event, args):
        deny("native", event)

    def on_kill(event, args):
        if event == "os.kill" and args[0] == getpid():
            return
        if event == "signal.pthread_kill" and responsible(True) == _TRUSTED:
            return
        deny("signal", event)

    def on_getframe(event, args):
        if args[0].f_code.co_filename == me:
            return
        if responsible() == _LEARNER:
            deny("internals", event, "sys._getframe")

    def on_getattr(event, args):
        if args[1] in _FRAME_ATTRS and responsible() == _LEARNER:
            deny("internals", event, args[1])

    def on_introspect(event, args):
        if responsible(True) != _TRUSTED:
            deny("internals", event, event)

    def on_trace(event, args):
        if responsible(True) != _TRUSTED:
            deny("trace", event, event)

    def on_compile(event, args):
        name = args[1] if len(args) > 1 else None
        if isinstance(name, bytes):
            name = fsdecode(name)
        if isinstance(name, str) and name.startswith(trusted) and responsible(True) == _LEARNER:
            deny("internals", event, f"code pretending to come from {shown(name)}")

    handlers = {"open": on_open, "import": on_import, "compile": on_compile,
                "code.__new__": on_compile, "object.__getattr__": on_getattr,
                "sys._getframe": on_getframe, "os.kill": on_kill, "os.killpg": on_kill,
                "signal.pthread_kill": on_kill, "sys.settrace": on_trace,
                "sys.setprofile": on_trace, "sys.addaudithook": on_trace,
                "sqlite3.connect": on_sqlite, "sqlite3.enable_load_extension": on_native,
                "sqlite3.load_extension": on_native, "os.symlink": on_symlink,
                "os.rename": on_write_two, "os.link": on_write_two}
    for event in ("sys._current_frames", "sys._current_exceptions", "gc.get_objects",
                  "gc.get_referrers", "gc.get_referents"):
        handlers[event] = on_introspect
    for event in ("os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.chflags",
                  "os.lchflags", "os.utime", "os.truncate", "os.setxattr", "os.removexattr"):
        handlers[event] = on_write_first
    for event in ("os.listdir", "os.scandir", "os.listxattr", "os.getxattr"):
        handlers[event] = on_read_first
    for event in _PROCESS:
        handlers[event] = on_process
    get = handlers.get

    def hook(event: str, args: tuple) -> None:
        handler = get(event)
        if handler is not None:
            handler(event, args)
        elif event.startswith(_NETWORK_PREFIXES):
            on_network(event, args)
        elif event.startswith("ctypes."):
            on_ctypes(event, args)

    sys.addaudithook(hook)
    return Violations(lambda: list(record))
