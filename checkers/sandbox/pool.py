"""The host's side of the sandbox: warm zygotes, one sandboxed app process per job.

``SandboxPool(workers)`` keeps that many zygotes (``zygote.py``) alive. ``start(limits)``
takes a free one, has it fork an isolated child that runs the app host, and returns an
``AppProcess``: the judge's end of the channel to the app, the pipe the app's output arrives
on, and the isolation report the child sent before any learner code ran. ``finish()`` ends the
job and says how it ended. Whatever a zygote does (crash, hang, garbage), the caller gets a
clear ``SandboxUnavailable`` or an ``Ending``, and a fresh zygote replaces a broken one.

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


class _Worker:
    def __init__(self, hide: list[str], guard: bool = True) -> None:
        self.hide, self.guard = hide, guard
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.info: dict | None = None
        self.jobs = 0

    def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        command = [sys.executable, "-m", "checkers.sandbox.zygote",
                   "--control", str(theirs.fileno())]
        for path in self.hide:
            command += ["--hide", path]
        if not self.guard:
            command.append("--no-guard")
        env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
        env.update(ZYGOTE_ENV, HOME="/nonexistent", PYTHONDONTWRITEBYTECODE="1")
        self.proc = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                                     close_fds=True, pass_fds=(theirs.fileno(),))
        theirs.close()
        self.sock, self.info = ours, None

    def stop(self) -> None:
        proc, sock, self.proc, self.sock = self.proc, self.sock, None, None
        if sock is not None:
            sock.close()
        if proc is not None:
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def kill(self) -> None:
        proc, sock, self.proc, self.sock = self.proc, self.sock, None, None
        if proc is not None:
            proc.kill()
            proc.wait()
        if sock is not None:
            sock.close()

    def recv(self, deadline: float) -> dict:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                raise _Broken("stopped answering")
            data = self.sock.recv(1 << 16)
            if not data:
                raise _Broken(f"exited with code {self.proc.poll()}")
            try:
                return json.loads(data)
            except ValueError as exc:
                raise _Broken(f"answered garbage ({exc})") from None

    def ready(self) -> dict:
        if self.proc is None or self.proc.poll() is not None:
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
                answer = self._ended(time.monotonic() + self.limits.wall_seconds +
                                     MARGIN_SECONDS)
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


def _shutdown(workers: list[_Worker]) -> None:
    for worker in workers:
        worker.stop()


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
        self._workers = [_Worker(self.hide, guard) for _ in range(workers)]
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
        self._finalizer = weakref.finalize(self, _shutdown, self._workers)

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
            answer = worker.recv(time.monotonic() + limits.wall_seconds + MARGIN_SECONDS)
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
