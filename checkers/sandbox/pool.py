"""The course server's side of the sandbox: jobs in, results out, zygotes kept alive.

Learner code never runs in the server: AppTest swaps Streamlit's process-global runtime and a
busy loop would hang it. ``SandboxPool`` owns ``workers`` zygote processes (see ``zygote.py``)
and hands each job to a free one over a pipe. Whatever happens in there (a zygote crashing,
hanging, answering garbage), the caller gets a ``JobResult``: a zygote that misbehaves is
killed, the job is answered with a ``crash`` error, and a fresh zygote is started for the
next job.
"""
from __future__ import annotations

import base64
import json
import os
import queue
import select
import struct
import subprocess
import sys
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: Set in the zygote's environment before it starts: no helper threads in the fork server
#: (OpenBLAS, Arrow's jemalloc), few malloc arenas (each reserves 64 MB of address space).
ZYGOTE_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "NUMEXPR_NUM_THREADS": "1", "JE_ARROW_MALLOC_CONF": "background_thread:false",
              "MALLOC_ARENA_MAX": "2"}
READY_SECONDS = 180.0
MARGIN_SECONDS = 10.0
HEADER = struct.Struct(">I")


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 10.0
    cpu_seconds: int = 10
    memory_mb: int = 768
    output_kb: int = 1024
    processes: int = 64
    disk_mb: int = 32


@dataclass(frozen=True)
class Job:
    payload: dict
    files: dict[str, bytes]
    limits: Limits = Limits()


@dataclass
class JobResult:
    value: dict | None
    error: dict | None
    isolation: dict
    stdout: str
    seconds: float


def _crash(message: str, seconds: float = 0.0) -> JobResult:
    return JobResult(None, {"kind": "crash", "message": message}, {"level": "unknown"}, "",
                     seconds)


class _Broken(Exception):
    """The zygote died, hung or answered nonsense."""


class _Worker:
    def __init__(self, entry: str, hide: list[str]) -> None:
        self.command = [sys.executable, "-m", "checkers.sandbox.zygote", entry]
        for path in hide:
            self.command += ["--hide", path]
        self.proc: subprocess.Popen | None = None
        self.info: dict | None = None
        self.seq = 0

    def start(self) -> None:
        env = {**os.environ, **ZYGOTE_ENV}
        self.proc = subprocess.Popen(self.command, cwd=REPO, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, bufsize=0)
        self.info = None

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        proc.stdout.close()

    def kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            proc.kill()
            proc.wait()
            proc.stdin.close()
            proc.stdout.close()

    def _read(self, size: int, deadline: float) -> bytes:
        fd, data = self.proc.stdout.fileno(), b""
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise _Broken("stopped answering")
            chunk = os.read(fd, size - len(data))
            if not chunk:
                raise _Broken(f"exited with code {self.proc.wait()}")
            data += chunk
        return data

    def _recv(self, deadline: float) -> dict:
        body = self._read(HEADER.unpack(self._read(4, deadline))[0], deadline)
        try:
            return json.loads(body)
        except ValueError as exc:
            raise _Broken(f"answered garbage ({exc})") from None

    def ready(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        if self.info is None:
            info = self._recv(time.monotonic() + READY_SECONDS)
            if not info.get("ready"):
                raise _Broken(f"failed to start: {info.get('fatal', info)}")
            self.info = info

    def call(self, job: Job) -> JobResult:
        started = time.monotonic()
        try:
            self.ready()
        except (_Broken, OSError) as exc:
            print(f"speedlit sandbox: zygote {exc}", file=sys.stderr, flush=True)
            self.kill()
            return _crash("The grading sandbox could not start; please try again later.")
        self.seq += 1
        try:
            body = json.dumps({"id": self.seq, "payload": job.payload, "limits": asdict(job.limits),
                               "files": {name: base64.b64encode(data).decode("ascii")
                                         for name, data in job.files.items()}}).encode()
        except (TypeError, ValueError) as exc:
            print(f"speedlit sandbox: job not sendable: {exc}", file=sys.stderr, flush=True)
            return _crash("The grader could not send this job to the sandbox.")
        try:
            self.proc.stdin.write(HEADER.pack(len(body)) + body)
            answer = self._recv(time.monotonic() + job.limits.wall_seconds + MARGIN_SECONDS)
            if answer.get("id") != self.seq:
                raise _Broken("answered another job")
        except (_Broken, OSError) as exc:
            print(f"speedlit sandbox: zygote {exc}; restarting it", file=sys.stderr, flush=True)
            self.kill()
            return _crash("The grader stopped while running your app and was restarted; "
                          "please try again.", time.monotonic() - started)
        return JobResult(answer.get("value"), answer.get("error"), answer.get("isolation", {}),
                         answer.get("stdout", ""), answer.get("seconds", 0.0))


def _shutdown(workers: list[_Worker]) -> None:
    for worker in workers:
        worker.stop()


class SandboxPool:
    """``workers`` zygotes serving ``entry`` ("package.module:function"); thread-safe.

    ``hide`` lists paths the sandbox must not expose (default: the repository root, where
    exercise solutions and checks live).
    """

    def __init__(self, entry: str, workers: int = 1, hide: list[str] | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.entry = entry
        self.hide = [os.path.abspath(p) for p in (hide or [REPO])]
        self._workers = [_Worker(entry, self.hide) for _ in range(workers)]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        for worker in self._workers:
            worker.start()
            self._idle.put(worker)
        self._finalizer = weakref.finalize(self, _shutdown, self._workers)

    def run(self, job: Job) -> JobResult:
        """Run one job on the next free worker (blocks until one is free)."""
        if self._closed:
            raise RuntimeError("SandboxPool is closed")
        worker = self._idle.get()
        try:
            return worker.call(job)
        except Exception as exc:
            print(f"speedlit sandbox: {exc!r}", file=sys.stderr, flush=True)
            worker.kill()
            return _crash("The grader failed while running your app; please try again.")
        finally:
            self._idle.put(worker)

    def map(self, jobs: list[Job]) -> list[JobResult]:
        """Run ``jobs`` on all workers at once; results in the order of ``jobs``."""
        if not jobs:
            return []
        with ThreadPoolExecutor(max_workers=min(len(self._workers), len(jobs))) as threads:
            return list(threads.map(self.run, jobs))

    def workers_info(self) -> list[dict | None]:
        """The ready message of each zygote (pid, thread count, warm-up time) once started."""
        return [worker.info for worker in self._workers]

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._finalizer()

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
