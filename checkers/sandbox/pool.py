"""The host's side of the sandbox: warm zygotes, one sandboxed app process per job.

``SandboxPool(workers)`` keeps that many zygotes (``zygote.py``) alive. ``start(limits)``
takes a free one, has it fork an isolated child that runs the app host, and returns an
``AppProcess``: the judge's end of the channel to the app, the pipe the app's output arrives
on, and the isolation report the child sent before any learner code ran. ``finish()`` ends the
job and says how it ended. Whatever a zygote does (crash, hang, garbage), the caller gets a
clear ``SandboxUnavailable`` or an ``Ending``, and a fresh zygote replaces a broken one.

The zygotes are not started one by one: the pool starts one *mother* process that imports
and warms up once, and asks it for each zygote, which it forks (see ``zygote.py``). So all
zygotes share the mother's preloaded heap copy-on-write, and a new one is ready at once. A
dead mother is started again the next time a zygote is needed.

Fail closed: when a job's files or network are not confined (no namespaces and no Landlock
plus seccomp: a non-root container, some hosted platforms), the pool refuses to run it and
says what is missing, unless ``SPEEDLIT_ALLOW_UNCONFINED=1`` opts in for single-user use on
one's own machine. Zygotes start with an allow-listed environment: the server's secrets
(database URLs, keys) never reach them.
"""
from __future__ import annotations

import json
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import asdict, dataclass

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
READY_SECONDS = 180.0
MARGIN_SECONDS = 10.0
#: The longest a job's start (or its end, once killed) may take, however long it may run: a
#: live app may run for half an hour, but a zygote that takes that long to start it is broken.
SETUP_SECONDS = 60.0
UNCONFINED_SETTING = "SPEEDLIT_ALLOW_UNCONFINED"
#: Threads off in the fork server (OpenBLAS, Arrow's jemalloc), few malloc arenas.
ZYGOTE_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "NUMEXPR_NUM_THREADS": "1", "JE_ARROW_MALLOC_CONF": "background_thread:false",
              "MALLOC_ARENA_MAX": "2", "SPEEDLIT_LATENCY_SCALE": "0"}
#: All a zygote inherits from the server's environment.
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SPEEDLIT_DEBUG")


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 10.0
    cpu_seconds: int = 10
    memory_mb: int = 768
    output_kb: int = 1024
    processes: int = 64
    disk_mb: int = 32


@dataclass
class Ending:
    """How a job's process ended, as the zygote saw it from outside."""

    exit: int | None = None
    signal: int | None = None
    reason: str | None = None  # timeout, cpu, killed, pool gone, zygote error
    cpu_seconds: float = 0.0
    memory_peak_mb: int = 0
    oom: bool = False
    seconds: float = 0.0


class SandboxUnavailable(Exception):
    """No sandboxed app process could be started; the text says why, for a person."""


class _Broken(Exception):
    """The zygote died, hung or answered nonsense."""


def allow_unconfined() -> bool:
    return os.environ.get(UNCONFINED_SETTING, "") == "1"


def refusal(report: dict) -> str:
    """Why a job whose files or network are not confined is refused, and what to do."""
    layers = report.get("layers", {})
    missing = [f"{name}: {info.get('detail')}" for name, info in layers.items()
               if not info.get("in_force") and name in ("filesystem", "network", "landlock",
                                                        "seccomp")]
    what = "; ".join(missing) or "the isolation layers could not be checked"
    return ("Grading is switched off on this server: it cannot keep learner code away from "
            f"its files and network ({what}). Run the course as root on Linux (it uses "
            "namespaces), or on a Linux kernel with Landlock and seccomp; on your own machine "
            f"for yourself alone you may set {UNCONFINED_SETTING}=1 to grade anyway.")


def _command(flags: list[str], hide: list[str], guard: bool) -> list[str]:
    command = [sys.executable, "-m", "checkers.sandbox.zygote", *flags]
    for path in hide:
        command += ["--hide", path]
    if not guard:
        command.append("--no-guard")
    return command


def _environment() -> dict[str, str]:
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(ZYGOTE_ENV, HOME="/nonexistent", PYTHONDONTWRITEBYTECODE="1")
    return env


class _Mother:
    """The process that makes the pool's zygotes (``zygote.py --mother``); started when first
    needed, and again when it has died."""

    def __init__(self, hide: list[str], guard: bool = True) -> None:
        self.hide, self.guard = hide, guard
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        self._end(kill=True)  # a dead one: reap it
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(
                _command(["--mother", "--control", str(theirs.fileno())], self.hide,
                         self.guard),
                cwd=REPO, env=_environment(), stdin=subprocess.DEVNULL, close_fds=True,
                pass_fds=(theirs.fileno(),))
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.sock = ours

    def zygote(self, control: socket.socket) -> None:
        """Ask for a zygote serving on ``control`` (the zygote's end of its socket). Returns
        at once: the zygote answers on that socket once it is ready (the mother first)."""
        with self._lock:
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            try:
                socket.send_fds(self.sock, [b'{"op": "zygote"}'], [control.fileno()])
            except OSError:  # it died just now: once more, with a new one
                self._start()
                socket.send_fds(self.sock, [b'{"op": "zygote"}'], [control.fileno()])

    def pid(self) -> int | None:
        proc = self.proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def kill(self) -> None:
        with self._lock:
            self._end(kill=True)

    def stop(self) -> None:
        """Hang up: the mother waits for its zygotes (ended by then) and exits."""
        with self._lock:
            self._end(kill=False)

    def _end(self, kill: bool) -> None:
        proc, sock, self.proc, self.sock = self.proc, self.sock, None, None
        if sock is not None:
            sock.close()
        if proc is not None:
            if not kill:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
            if proc.poll() is None:
                proc.kill()
            proc.wait()


class _Zygote:
    """A zygote: the mother's child, not ours, so no exit status. Known by its pid and, where
    the kernel has them, a pidfd (readable once it has ended; signals it without any pid-reuse
    race), which arrive after the request: from the mother, or with the zygote's "ready"."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.pidfd: int | None = None
        self.ended = False

    def attach(self, pid: int, pidfd: int | None = None) -> None:
        if self.pid is not None or self.ended:
            if pidfd is not None:
                os.close(pidfd)
            return
        if pidfd is None:
            try:
                pidfd = os.pidfd_open(pid)
            except ProcessLookupError:  # gone already
                self.ended = True
                return
            except (AttributeError, OSError):  # no pidfds here: the pid alone
                pass
        self.pid, self.pidfd = pid, pidfd

    def poll(self) -> int | None:
        """None while it runs (or is still being made), else -1 (its code is the mother's)."""
        if not self.ended and self.pid is not None:
            if self.pidfd is not None:
                self.ended = bool(select.select([self.pidfd], [], [], 0)[0])
            else:
                try:
                    os.kill(self.pid, 0)
                except ProcessLookupError:
                    self.ended = True
                except OSError:
                    pass
        return -1 if self.ended else None

    def kill(self) -> None:
        if self.pid is None or self.poll() is not None:
            return
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.pid is not None and self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired("zygote", timeout)
            if self.pidfd is not None:
                select.select([self.pidfd], [], [], left)
            else:
                time.sleep(0.02 if left is None else min(0.02, left))
        return -1

    def close(self) -> None:
        pidfd, self.pidfd = self.pidfd, None
        if pidfd is not None:
            os.close(pidfd)


class _Worker:
    def __init__(self, mother: _Mother) -> None:
        self.mother = mother
        self.proc: _Zygote | None = None
        self.sock: socket.socket | None = None
        self.info: dict | None = None
        self.jobs = 0

    def start(self) -> None:
        self._drop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.mother.zygote(theirs)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.proc, self.sock, self.info = _Zygote(), ours, None

    def _drop(self) -> None:
        """Forget an ended zygote."""
        proc, sock, self.proc, self.sock = self.proc, self.sock, None, None
        if sock is not None:
            sock.close()
        if proc is not None:
            proc.close()

    def _note_pid(self) -> None:
        """Read what has arrived, to learn the zygote's pid (before killing or waiting)."""
        try:
            while self.proc.pid is None and select.select([self.sock], [], [], 0)[0]:
                self._message()
        except (_Broken, OSError):
            pass

    def stop(self) -> None:
        if self.sock is not None:
            self.hang_up()
        proc = self.proc
        if proc is not None:
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self._drop()

    def hang_up(self) -> None:
        """Close the control socket: the zygote ends its job and exits."""
        if self.sock is not None and self.proc is not None:
            self._note_pid()
        sock, self.sock = self.sock, None
        if sock is not None:
            sock.close()

    def kill(self) -> None:
        proc = self.proc
        if proc is not None:
            if self.sock is not None:
                self._note_pid()
            if proc.pid is None:  # never made (the mother hangs or died): start afresh
                self.mother.kill()
            proc.kill()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self._drop()

    def _message(self) -> dict | None:
        """One message from the zygote's socket, or None for the mother's note of the
        zygote's pid (kept, with its pidfd)."""
        data, ancillary, _, _ = self.sock.recvmsg(1 << 16, socket.CMSG_SPACE(4 * 4))
        fds = []
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds += [int.from_bytes(payload[i:i + 4], sys.byteorder, signed=True)
                        for i in range(0, len(payload) - len(payload) % 4, 4)]
        try:
            if not data:
                raise _Broken("exited" if self.proc.pid is not None else
                              "was never made (the mother exited)")
            try:
                message = json.loads(data)
            except ValueError as exc:
                raise _Broken(f"answered garbage ({exc})") from None
            if not isinstance(message, dict):
                raise _Broken("answered garbage (not an object)")
            if type(message.get("zygote")) is int and len(message) == 1:
                self.proc.attach(message["zygote"], fds.pop() if fds else None)
                return None
            if message.get("ready") and type(message.get("pid")) is int:
                self.proc.attach(message["pid"])
            return message
        finally:
            for fd in fds:
                os.close(fd)

    def recv(self, deadline: float) -> dict:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                raise _Broken("stopped answering")
            message = self._message()
            if message is not None:
                return message

    def ready(self) -> dict:
        if self.proc is None or self.sock is None or self.proc.poll() is not None:
            self.start()
        if self.info is None:
            info = self.recv(time.monotonic() + READY_SECONDS)
            if not info.get("ready"):
                raise _Broken(f"failed to start: {info.get('fatal', info)}")
            self.info = info
        return self.info


class AppProcess:
    """One sandboxed app process; ``finish`` it (or use it as a context manager)."""

    def __init__(self, pool: SandboxPool, worker: _Worker, job: int, channel: socket.socket,
                 output: int, isolation: dict, limits: Limits) -> None:
        self.pool, self.worker, self.job, self.limits = pool, worker, job, limits
        self._channel, self.output = channel, output
        self.channel = channel.fileno()
        self.isolation = isolation
        self.pid: int | None = None  # the app's process, as the host sees it
        self.ending: Ending | None = None

    def close_channel(self) -> None:
        """Tell the app the judge is done (it exits and flushes its output)."""
        self._channel.close()

    def finish(self, kill: bool = False, grace: float = 1.0) -> Ending:
        """End the job and release the worker: close the channel, give the app ``grace``
        seconds to exit on its own, then stop it (at once with ``kill``)."""
        if self.ending is not None:
            return self.ending
        worker = self.worker
        try:
            if kill:
                self._kill()
            self._channel.close()
            answer = self._ended(time.monotonic() + (0 if kill else grace))
            if answer is None:
                self._kill()
                answer = self._ended(time.monotonic() + min(self.limits.wall_seconds,
                                                              SETUP_SECONDS) + MARGIN_SECONDS)
            if answer is None:
                raise _Broken("never said the job ended")
            self.ending = Ending(**{k: v for k, v in answer["ended"].items()
                                    if k in Ending.__dataclass_fields__})
        except (_Broken, OSError) as exc:
            print(f"speedlit sandbox: zygote {exc}; restarting it", file=sys.stderr, flush=True)
            worker.kill()
            self.ending = Ending(reason="zygote error")
        finally:
            self._channel.close()
            try:
                os.close(self.output)
            except OSError:
                pass
            self.pool._release(worker)
        return self.ending

    def _kill(self) -> None:
        self.worker.sock.send(json.dumps({"op": "kill", "job": self.job}).encode())

    def _ended(self, deadline: float) -> dict | None:
        """The zygote's "ended" answer for this job, or None at the deadline."""
        while True:
            if deadline - time.monotonic() <= 0 and not select.select([self.worker.sock], [],
                                                                       [], 0)[0]:
                return None
            try:
                answer = self.worker.recv(max(deadline, time.monotonic() + 0.001))
            except _Broken as exc:
                if "stopped answering" in str(exc):
                    return None
                raise
            if answer.get("job") == self.job and "ended" in answer:
                return answer

    def __enter__(self) -> AppProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.finish(kill=exc[0] is not None)


def _shutdown(workers: list[_Worker], mother: _Mother) -> None:
    for worker in workers:  # all at once: each ends its job and tidies up
        worker.hang_up()
    for worker in workers:
        worker.stop()
    mother.stop()


class SandboxPool:
    """``workers`` zygotes; thread-safe. ``hide`` lists paths the sandbox must never show
    (default: the repository, where solutions and checks live). ``guard=False`` is for tests
    that prove the kernel layers hold without the audit-hook tripwire."""

    def __init__(self, workers: int = 1, hide: list[str] | None = None,
                 guard: bool = True, eager: int | None = None) -> None:
        """``eager``: how many zygotes start now (default: all); the others start the first
        time every started one is busy, and stay up after."""
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.hide = [os.path.abspath(p) for p in (hide or [REPO])]
        self._mother = _Mother(self.hide, guard)
        self._workers = [_Worker(self._mother) for _ in range(workers)]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._jobs = 0
        self.workers = workers
        eager = workers if eager is None else max(1, min(workers, eager))
        self._cold = self._workers[eager:]  # started by ``ready`` when first needed
        for worker in self._workers[:eager]:
            worker.start()
            self._idle.put(worker)
        self._finalizer = weakref.finalize(self, _shutdown, self._workers, self._mother)

    def _release(self, worker: _Worker) -> None:
        self._idle.put(worker)

    def start(self, limits: Limits = Limits()) -> AppProcess:
        """A new sandboxed app process (blocks until a worker is free)."""
        if self._closed:
            raise RuntimeError("SandboxPool is closed")
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                worker = self._cold.pop() if self._cold else None
            worker = worker or self._idle.get()
        try:
            return self._spawn(worker, limits)
        except BaseException:
            self._idle.put(worker)
            raise

    def _spawn(self, worker: _Worker, limits: Limits) -> AppProcess:
        try:
            worker.ready()
        except (_Broken, OSError) as exc:
            print(f"speedlit sandbox: zygote {exc}", file=sys.stderr, flush=True)
            worker.kill()
            raise SandboxUnavailable("The grading sandbox could not start on this server; "
                                     "please try again in a minute, or tell your teacher.")
        with self._lock:
            self._jobs += 1
            job = self._jobs
        judge_end, app_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        out_r, out_w = os.pipe()
        try:
            request = json.dumps({"op": "spawn", "job": job, "limits": asdict(limits)}).encode()
            socket.send_fds(worker.sock, [request], [app_end.fileno(), out_w])
            answer = worker.recv(time.monotonic() + min(limits.wall_seconds, SETUP_SECONDS) +
                                 MARGIN_SECONDS)
        except (_Broken, OSError) as exc:
            judge_end.close()
            os.close(out_r)
            print(f"speedlit sandbox: zygote {exc}; restarting it", file=sys.stderr, flush=True)
            worker.kill()
            raise SandboxUnavailable("The grading sandbox stopped while starting your app; "
                                     "please try again.") from None
        finally:
            app_end.close()
            os.close(out_w)
        process = AppProcess(self, worker, job, judge_end, out_r, answer.get("isolation", {}),
                             limits)
        process.pid = answer.get("started") if type(answer.get("started")) is int else None
        if answer.get("job") != job or not answer.get("started"):
            process.finish(kill=True)
            raise SandboxUnavailable("The grading sandbox could not isolate your app, so it "
                                     "was not run. Please tell your teacher.")
        if not process.isolation.get("confined") and not allow_unconfined():
            process.finish(kill=True)
            raise SandboxUnavailable(refusal(process.isolation))
        return process

    def workers_info(self) -> list[dict | None]:
        """The ready message of each zygote (pid, threads, warm-up time, cgroups) once up."""
        return [worker.info for worker in self._workers]

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._finalizer()

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
