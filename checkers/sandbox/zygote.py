"""The fork server: ``python -m checkers.sandbox.zygote package.module:function [--hide PATH]``.

Importing Streamlit, pandas and AppTest costs ~700 ms; forking a process that already has them
costs a few ms. So each pool worker is one long-lived zygote that imports everything, runs
the entry module's ``warm_up()`` (lazy imports happen there), clears Streamlit's caches,
freezes the heap for copy-on-write, and then serves jobs: read a job from stdin, fork, let
the child isolate itself and run ``entry(payload)``, watch it against the wall clock and the
output cap, kill its process group when needed, classify what happened, answer on stdout.

The zygote never runs learner code and stays single-threaded (forking a multi-threaded
process is unsafe): it keeps OpenBLAS and Arrow's allocator off threads and reports its
thread count in the ready message. Messages are 4-byte big-endian lengths followed by JSON.

The child talks back over a pipe in frames that start with a per-job random nonce, so the
learner code that shares the process cannot forge a result: ``I`` (isolation report, sent
before any learner code runs), ``V`` (each guard violation, the moment it happens), ``R``
(the result). The entry runs in a fresh thread whose stack does not reach the zygote's frames.
"""
from __future__ import annotations

import _thread
import atexit
import base64
import ctypes
import errno
import gc
import importlib
import json
import os
import select
import shutil
import signal
import struct
import sys
import tempfile
import time
import traceback
import types

from checkers.sandbox import isolation
from checkers.sandbox.guard import SandboxViolation, trusted_prefixes
from checkers.sandbox.pool import ZYGOTE_ENV, Limits

os.environ.update(ZYGOTE_ENV)
os.environ.setdefault("SPEEDLIT_LATENCY_SCALE", "0")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEARNER_ENV = os.path.join(REPO, "checkers", "learner_env")
TAIL = 4096
#: Imported before the first fork, so no job pays for them (altair alone is ~300 ms).
PRELOAD = ("numpy", "pandas", "pyarrow", "altair", "streamlit", "streamlit.testing.v1", "speedlit")
HEADER = struct.Struct(">I")
FRAME = struct.Struct(">cI")


def recv(fd: int) -> dict | None:
    head = _read_exact(fd, 4)
    return None if head is None else json.loads(_read_exact(fd, HEADER.unpack(head)[0]) or b"")


def send(fd: int, message: dict) -> None:
    body = json.dumps(message).encode()
    _write_all(fd, HEADER.pack(len(body)) + body)


def _read_exact(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _framer(fd: int, nonce: bytes):
    """The child's only way to talk to the zygote; the nonce lives in this closure."""
    def emit(kind: bytes, message: dict) -> None:
        body = json.dumps(message).encode()
        _write_all(fd, nonce + FRAME.pack(kind, len(body)) + body)
    return emit


def _frames(data: bytes, nonce: bytes) -> tuple[list[tuple[bytes, dict]], bool]:
    """Parse the child's frames; the flag says a frame did not carry the nonce."""
    frames, pos, start = [], 0, len(nonce) + FRAME.size
    while pos < len(data):
        if data[pos:pos + len(nonce)] != nonce[:len(data) - pos]:
            return frames, True
        if len(data) - pos < start:
            break
        kind, size = FRAME.unpack_from(data, pos + len(nonce))
        body = data[pos + start:pos + start + size]
        if len(body) < size:
            break
        try:
            frames.append((kind, json.loads(body)))
        except ValueError:
            return frames, True
        pos += start + size
    return frames, False


class Zygote:
    def __init__(self, entry: str, hide: list[str]) -> None:
        module_name, _, func_name = entry.partition(":")
        self.pidns = self._pidns_support()
        if LEARNER_ENV not in sys.path:
            sys.path.append(LEARNER_ENV)
        for name in PRELOAD:
            try:
                importlib.import_module(name)
            except ImportError:
                if name in ("streamlit", "speedlit"):
                    raise
        import streamlit as st

        module = importlib.import_module(module_name)
        self.func = getattr(module, func_name or "run")
        started = time.perf_counter()
        if callable(getattr(module, "warm_up", None)):
            module.warm_up()
        self.warm_seconds = time.perf_counter() - started
        st.cache_data.clear()
        st.cache_resource.clear()
        sys.modules["speedlit"].calls.clear()
        self.hide = hide
        self.protected = tuple(sorted({"checkers", module_name}))
        self.mountpoint = isolation.prepare(hide)
        if self.mountpoint:
            atexit.register(os.rmdir, self.mountpoint)
        self.seq = 0
        gc.collect()
        gc.freeze()

    @staticmethod
    def _pidns_support() -> int | None:
        """An fd on our pid namespace if each child can get a new one, else None. Probed in a
        throwaway child: a failed ``setns`` back would leave the zygote stuck in the new one."""
        libc = isolation._libc
        if libc is None or os.geteuid() != 0:
            return None
        try:
            fd = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        probe = os.fork()
        if probe == 0:
            ok = libc.unshare(isolation.CLONE_NEWPID) == 0 and \
                libc.setns(fd, isolation.CLONE_NEWPID) == 0
            os._exit(0 if ok else 1)
        if os.waitstatus_to_exitcode(os.waitpid(probe, 0)[1]) != 0:
            os.close(fd)
            return None
        return fd

    def threads(self) -> int:
        try:
            return len(os.listdir("/proc/self/task"))
        except OSError:
            return -1

    # ------------------------------------------------------------ one job
    def run(self, request: dict) -> dict:
        limits = Limits(**request.get("limits", {}))
        files = {name: base64.b64decode(data) for name, data in request["files"].items()}
        self.seq += 1
        uid = 100000 + os.getpid() * 64 + self.seq % 64
        fallback = os.path.join(tempfile.gettempdir(), f"speedlit-job-{os.getpid()}-{self.seq}")
        nonce = os.urandom(16)
        res_r, res_w = os.pipe()
        out_r, out_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        started = time.perf_counter()
        new_ns = self.pidns is not None and isolation._libc.unshare(isolation.CLONE_NEWPID) == 0
        try:
            pid = os.fork()
            if pid == 0:
                self._child(request["payload"], files, limits, nonce, res_w, out_w, uid,
                            fallback, new_ns)
        finally:
            if new_ns and isolation._libc.setns(self.pidns, isolation.CLONE_NEWPID) != 0:
                raise OSError(ctypes.get_errno(), "setns back to our pid namespace failed")
            os.close(res_w)
            os.close(out_w)
        try:
            answer = self._watch(pid, res_r, out_r, limits, started, nonce)
        finally:
            os.close(res_r)
            os.close(out_r)
            if os.path.isdir(fallback):
                shutil.rmtree(fallback, ignore_errors=True)
        answer["seconds"] = time.perf_counter() - started
        return answer

    def _child(self, payload, files, limits, nonce, res_w, out_w, uid, fallback, new_ns):
        code = 70
        try:
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.dup2(out_w, 1)
            os.dup2(out_w, 2)
            os.closerange(3, res_w)
            os.closerange(res_w + 1, 1 << 16)
            emit = _framer(res_w, nonce)
            report = isolation.enter_sandbox(
                files, limits, self.hide, uid=uid, mountpoint=self.mountpoint,
                fallback_dir=fallback, protected=self.protected,
                notify=lambda violation: emit(b"V", violation))
            report["processes"] = "own pid namespace" if new_ns else "shared pid namespace"
            emit(b"I", report)
            workdir = report["workdir"]
            dotted = tuple(p + "." for p in self.protected)
            for name in [n for n in sys.modules if n in self.protected or n.startswith(dotted)]:
                del sys.modules[name]
            hidden = tuple(h.rstrip("/") + "/" for h in self.hide)
            sys.path[:] = [workdir] + [p for p in sys.path
                                       if p and not (p + "/").startswith(hidden)]
            _private_apptest_tmp()
            trusted = trusted_prefixes(workdir, tempfile.gettempdir(), self.hide)
            emit(b"R", _run_entry(self.func, payload, limits, trusted))
            code = 0
        except BaseException:
            try:
                emit(b"R", {"internal": traceback.format_exc()})
            except BaseException:
                pass
        finally:
            for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
                try:
                    stream.flush()
                except BaseException:
                    pass
            os._exit(code)

    def _watch(self, pid, res_r, out_r, limits, started, nonce) -> dict:
        cap = limits.output_kb * 1024
        deadline = started + limits.wall_seconds
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        watch = [res_r, out_r] + ([pidfd] if pidfd is not None else [])
        result, tail, out_total = bytearray(), bytearray(), 0
        stopped, exited = None, False
        while res_r in watch or out_r in watch:
            left = deadline - time.perf_counter()
            if left <= 0:
                stopped = "timeout"
                break
            ready, _, _ = select.select(watch, [], [], min(left, 0.2) if exited or pidfd is None
                                        else left)
            if not ready:
                if exited:
                    break
                if pidfd is None and os.waitid(os.P_PID, pid,
                                               os.WEXITED | os.WNOHANG | os.WNOWAIT):
                    exited = True
                continue
            for fd in ready:
                if fd == pidfd:
                    exited = True
                    watch.remove(fd)
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    watch.remove(fd)
                elif fd == out_r:
                    out_total += len(chunk)
                    tail += chunk
                    del tail[:-TAIL]
                    if out_total > cap:
                        stopped = "output"
                else:
                    result += chunk
                    if len(result) > cap + (1 << 16):
                        stopped = "channel"
            if stopped:
                break
        for kill in (os.kill, os.killpg):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass
        _, status, usage = os.wait4(pid, 0)
        if pidfd is not None:
            os.close(pidfd)
        frames, forged = _frames(bytes(result), nonce)
        text = tail.decode("utf-8", "replace")
        report = next((body for kind, body in frames if kind == b"I"), {"level": "unknown"})
        value, error = _verdict(limits, stopped, status, usage, frames, forged, text)
        return {"value": value, "error": error, "isolation": report, "stdout": text}


def _verdict(limits: Limits, stopped, status: int, usage, frames, forged: bool, text: str):
    """(value, error) for a finished child; the order of the tests is the order of precedence."""
    violations = [body for kind, body in frames if kind == b"V"]
    outcome = next((body for kind, body in frames if kind == b"R"), None)
    cpu = usage.ru_utime + usage.ru_stime
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if stopped == "timeout":
        return None, _error("timeout", f"Your app was still running after {limits.wall_seconds:g}"
                            " s and was stopped. Look for a loop that never ends.")
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= limits.cpu_seconds):
        return None, _error("timeout", f"Your app used more than {limits.cpu_seconds} s of CPU "
                            "time and was stopped. Look for a loop that never ends.")
    if violations:
        return None, _error("forbidden", violations[0]["message"])
    if forged or stopped == "channel":
        return None, _error("forbidden", "Your code wrote into the grader's private channel; "
                            "that is not allowed.")
    if stopped == "output":
        return None, _error("output", f"Your app printed more than {limits.output_kb} KB; "
                            "print less (or nothing) while it runs.")
    if outcome is not None and "internal" in outcome:
        print(f"speedlit zygote: internal error in a child:\n{outcome['internal']}",
              file=sys.stderr, flush=True)
        return None, _error("crash", "The grader failed while running your app; this is not "
                            "your fault. Please try again.")
    if outcome is not None:
        value = outcome.get("value")
        if outcome.get("error"):
            return None, outcome["error"]
        if isinstance(value, dict) and isinstance(value.get("error"), dict):
            return None, value["error"]
        return value, None
    if sig == signal.SIGXFSZ:
        return None, _error("output", f"Your app wrote a file larger than {limits.output_kb} KB.")
    out_of_memory = "MemoryError" in text or "Cannot allocate memory" in text or \
        "bad_alloc" in text or usage.ru_maxrss >= limits.memory_mb * 1024 * 0.9
    if sig is not None and out_of_memory:
        return None, _error("memory", f"Your app needed more than {limits.memory_mb} MB of "
                            "memory and was stopped.")
    if sig is not None:
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else sig
        return None, _error("crash", f"The grading process running your app was killed by "
                            f"signal {name} before it finished.")
    return None, _error("crash", f"Your app ended the grading process (exit code "
                        f"{os.WEXITSTATUS(status)}) before it finished.")


def _error(kind: str, message: str) -> dict:
    return {"kind": kind, "message": message}


def _private_apptest_tmp() -> None:
    """AppTest.from_string writes scripts into a folder made when AppTest was imported (in the
    zygote's /tmp); give the child one in its own temporary folder, without letting the old
    folder's finalizer delete the zygote's."""
    app_test = sys.modules.get("streamlit.testing.v1.app_test")
    if app_test is not None and hasattr(app_test, "TMP_DIR"):
        finalizer = getattr(app_test.TMP_DIR, "_finalizer", None)
        if finalizer is not None:
            finalizer.detach()
        app_test.TMP_DIR = types.SimpleNamespace(name=tempfile.mkdtemp())


def _run_entry(func, payload: dict, limits: Limits, trusted: tuple[str, ...]) -> dict:
    """Call the entry in a new thread; returns ``{"value": ...}`` or ``{"error": ...}``."""
    box: list = []
    done = _thread.allocate_lock()
    done.acquire()

    def target() -> None:
        try:
            box.append(("value", func(payload)))
        except BaseException as exc:
            box.append(("error", _describe(exc, limits, trusted)))
        finally:
            done.release()

    _thread.start_new_thread(target, ())
    done.acquire()
    kind, data = box[0]
    if kind == "error":
        return data if "internal" in data else {"error": data}
    try:
        body = json.dumps(data)
    except (TypeError, ValueError, RecursionError) as exc:
        return {"internal": f"the entry returned a result that is not JSON: {exc!r}"}
    if len(body) > limits.output_kb * 1024:
        return {"error": _error("output", f"Your app's results are larger than "
                                f"{limits.output_kb} KB; show less.")}
    return {"value": data}


def _describe(exc: BaseException, limits: Limits, trusted: tuple[str, ...]) -> dict:
    """A learner-facing error for an exception that escaped the entry."""
    if isinstance(exc, SandboxViolation):
        return _error("forbidden", str(exc))
    if isinstance(exc, MemoryError):
        return _error("memory", f"Your app needed more than {limits.memory_mb} MB of memory and "
                      "was stopped.")
    if isinstance(exc, SyntaxError):
        where = f" on line {exc.lineno}" if exc.lineno else ""
        return _error("syntax", f"Your code has a syntax error{where}: {exc.msg}.")
    if isinstance(exc, SystemExit):
        return _error("crash", f"Your app called sys.exit() (exit code {exc.code!r}) before it "
                      "finished.")
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return _error("output", f"Your app wrote a file larger than {limits.output_kb} KB.")
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if not name.startswith(trusted) and not name.startswith("<frozen "):
            line = lineno
    if line is None and not isinstance(exc, KeyboardInterrupt):
        return {"internal": "".join(traceback.format_exception(exc))}
    where = f" on line {line}" if line else ""
    message = str(exc)
    message = message if len(message) <= 300 else message[:297] + "..."
    return _error("crash", f"Your app raised {type(exc).__name__}{where}: {message}")


def main(argv: list[str]) -> int:
    entry, hide, args = argv[0], [], argv[1:]
    while args:
        flag, value, *args = args
        if flag == "--hide":
            hide.append(os.path.abspath(value))
    proto_in, proto_out = os.dup(0), os.dup(1)
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    # Warm-up runs apps outside a server, and Streamlit warns about that at every step: keep the
    # grader's terminal quiet unless SPEEDLIT_DEBUG asks for the noise.
    stderr = os.dup(2)
    if not os.environ.get("SPEEDLIT_DEBUG"):
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.dup2(quiet, 1)
        os.close(quiet)
    try:
        zygote = Zygote(entry, hide or [REPO])
    except BaseException:
        os.dup2(stderr, 2)
        traceback.print_exc()
        send(proto_out, {"fatal": traceback.format_exc(limit=3)})
        return 1
    os.dup2(stderr, 2)
    os.dup2(stderr, 1)
    os.close(stderr)
    if zygote.threads() > 1 and os.environ.get("SPEEDLIT_DEBUG"):
        print(f"speedlit zygote: {zygote.threads()} threads after warm-up (e.g. Arrow's CPU pool, "
              "started by Table.to_pandas; it is fork-aware). Forking is only safe while such "
              "threads hold no locks.", file=sys.stderr, flush=True)
    send(proto_out, {"ready": True, "pid": os.getpid(), "threads": zygote.threads(),
                     "warm_seconds": round(zygote.warm_seconds, 3),
                     "pidns": zygote.pidns is not None})
    while True:
        request = recv(proto_in)
        if request is None:
            return 0
        try:
            answer = zygote.run(request)
        except Exception:
            traceback.print_exc()
            answer = {"value": None, "isolation": {"level": "unknown"}, "stdout": "", "seconds": 0,
                      "error": _error("crash", "The grader failed while running your app; this "
                                      "is not your fault. Please try again.")}
        answer["id"] = request.get("id")
        send(proto_out, answer)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
