"""The fork server: ``python -m checkers.sandbox.zygote [--mother] [--hide PATH ...]``.

Importing Streamlit, pandas and friends and running a first app costs about a second; forking
a process that already did costs a few milliseconds. So each pool worker is one long-lived
zygote that imports everything, warms up on a synthetic app (``warmup.py``), freezes its heap
and then serves jobs on its control socket (fd 3, a Unix SEQPACKET socket):

* ``spawn`` (with two file descriptors: the app's end of the judge's channel, and the write
  end of the pipe the judge reads the app's output from) → fork a child, put it in the job's
  cgroup, let it isolate itself (``isolation.py``) and run the app host on its channel;
  answer ``started`` with the isolation report once the child says it is isolated, before
  any learner code runs;
* ``kill`` → end the job now;
* when the child is gone: kill whatever is left in its cgroup, remove the cgroup, answer
  ``ended`` with how it ended (exit status, signal, CPU, memory, the limit it hit).

The zygote never reads a job's code, data or output — those travel on the descriptors it
only passes on — so nothing of one job can reach a later job through the zygote's memory. It
stays single-threaded (forking a multi-threaded process is unsafe) and never runs learner
code itself.

With ``--mother`` the process is the pool's *mother* instead: it does the heavy,
job-independent part once (imports, warm-up, frozen heap) and then only makes zygotes: for
each ``zygote`` request (with one file descriptor: the new zygote's control socket) it forks
a child that does the per-zygote part and serves jobs on that socket as above. All zygotes of
a pool thus share one preloaded heap, copy-on-write, and a new one is ready in milliseconds.
The mother answers on the passed socket (``{"zygote": pid}`` with a pidfd) and closes it: it
never holds a job's descriptors, let alone its code, data or output.
"""
from __future__ import annotations

import array
import atexit
import ctypes
import gc
import json
import os
import resource
import select
import signal
import socket
import sys
import time
import traceback
from dataclasses import dataclass

from checkers.sandbox import cgroups, isolation
from checkers.sandbox.guard import SandboxViolation

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEARNER_ENV = os.path.join(REPO, "checkers", "learner_env")
#: Imported before the first fork, so no job pays for them (altair alone is ~300 ms).
PRELOAD = ("numpy", "pandas", "pyarrow", "altair", "streamlit", "speedlit",
           "checkers.appside.host")
MARGIN_SECONDS = 5.0
#: The longest a job's child may take to report its isolation, however long the job may run.
SETUP_SECONDS = 60.0
#: A job that has used this much CPU (an honest grading uses well under one second) gets the
#: smallest CPU share: endless loops then slow nobody else down.
LOWER_PRIORITY_AFTER = 0.75
TRIPWIRE = "speedlit-violation"


def _send(sock: socket.socket, message: dict, flags: int = 0) -> None:
    sock.send(json.dumps(message).encode(), flags)


def preload() -> float:
    """The heavy, job-independent part of a zygote: import everything, warm up on a synthetic
    app. Returns the warm-up's seconds. Done once per pool, by the mother (or by a standalone
    zygote itself)."""
    if LEARNER_ENV not in sys.path:
        sys.path.append(LEARNER_ENV)
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    from checkers.sandbox import warmup

    started = time.perf_counter()
    warmup.warm_up()
    return time.perf_counter() - started


class Zygote:
    def __init__(self, hide: list[str], guard: bool = True,
                 warm_seconds: float | None = None) -> None:
        """The per-zygote part (its own pid: pid-namespace probe, mountpoint, cgroups). With
        ``warm_seconds`` the heavy part is done already (a zygote forked by the mother), else
        it is done here first (a standalone zygote)."""
        self.guard = guard
        self.pidns = self._pidns_support()
        if warm_seconds is None:
            warm_seconds = preload()
        self.warm_seconds = warm_seconds
        self.hide = hide
        self.mountpoint = isolation.prepare(hide)
        if self.mountpoint:
            atexit.register(os.rmdir, self.mountpoint)
        self.cgroups = cgroups.probe()
        if self.cgroups:
            cgroups.JobCgroup.reap_stale(f"speedlit-{os.getpid()}-")
        self.seq = 0
        self.leftover: list = []  # groups of ended jobs, not yet free
        self.free: list = []  # empty groups ready for the next job
        self.spare: Spare | None = None
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
    def job(self, control: socket.socket, request: dict, fds: list[int]) -> None:
        """Hand the job to the spare child (isolated ahead of time) or a fresh one, report
        its isolation, start the next spare, then watch the job to its end."""
        from checkers.sandbox.pool import Limits

        limits = Limits(**request.get("limits", {}))
        job = request.get("job")
        child, self.spare = self.spare, None
        if child is None or child.key != _child_key(limits):
            if child is not None:
                child.discard(self)
            child = self._spawn(limits)
        started = time.monotonic()
        try:
            socket.send_fds(child.jobs, [b"j"], fds)
        except OSError:
            pass  # the child died: its report is empty and the job ends at once
        finally:
            for fd in fds:
                os.close(fd)
            child.jobs.close()
        report = _read_report(child.report_r, started + min(limits.wall_seconds, SETUP_SECONDS)
                              + MARGIN_SECONDS)
        _send(control, {"job": job, "started": child.pid if report.get("layers") else None,
                        "isolation": report})
        self.spare = self._spawn(Limits())
        try:
            self._watch(control, job, child.pid, limits, started, child.group)
        finally:
            os.close(child.report_r)
            if child.group is not None:
                self.leftover.append(child.group)
            self.tidy()
            if os.path.isdir(child.fallback):
                import shutil

                shutil.rmtree(child.fallback, ignore_errors=True)

    def _spawn(self, limits) -> Spare:
        """Fork a child that isolates itself now and then waits for a job's descriptors."""
        self.seq += 1
        group = None
        if self.cgroups:
            try:
                group = self.group_for(limits)
            except OSError as exc:
                print(f"speedlit zygote: no cgroup for this job ({exc})", file=sys.stderr)
        go_r, go_w = os.pipe()
        report_r, report_w = os.pipe()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        uid = 100000 + (os.getpid() % 1000) * 64 + self.seq % 64
        fallback = os.path.join("/tmp", f"speedlit-job-{os.getpid()}-{self.seq}")
        new_ns = self.pidns is not None and isolation._libc.unshare(isolation.CLONE_NEWPID) == 0
        try:
            pid = os.fork()
            if pid == 0:
                ours.close()
                self._child(theirs, go_r, report_w, limits, uid, fallback, new_ns,
                            self._describe(group, limits))
        finally:
            if new_ns and isolation._libc.setns(self.pidns, isolation.CLONE_NEWPID) != 0:
                raise OSError(ctypes.get_errno(), "setns back to our pid namespace failed")
            for fd in (go_r, report_w):
                os.close(fd)
            theirs.close()
        # Moving a process between cgroups costs the kernel time; the child isolates itself
        # meanwhile and waits for this byte before it reports.
        joined = b"n"
        try:
            if group is not None:
                group.add(pid)
                joined = b"g"
        except OSError as exc:
            print(f"speedlit zygote: the job runs without its cgroup ({exc})", file=sys.stderr)
        finally:
            try:
                os.write(go_w, joined)
            except OSError:
                pass
            os.close(go_w)
        return Spare(pid, ours, report_r, group, fallback, _child_key(limits))

    def group_for(self, limits):
        """An empty job cgroup with these limits: a reused one when one is free (moving a
        process into a new group is slow), else a new one."""
        key = (limits.memory_mb, limits.processes)
        for group in list(self.free):
            if group.limits_key == key:
                self.free.remove(group)
                group.reset()
                return group
        group = cgroups.JobCgroup.create(
            f"speedlit-{os.getpid()}-{self.seq}", memory_bytes=limits.memory_mb << 20,
            pids=limits.processes, cpu_cores=1.0)
        group.limits_key = key
        group.reset()
        return group

    def tidy(self, final: bool = False) -> None:
        """Ended jobs' cgroups: empty ones wait for reuse (at most a few); with ``final``,
        all are removed. The kernel empties a group a moment after its last process is
        reaped; a group still busy is tried again later, without delaying the next job."""
        for group in list(self.leftover):
            try:
                if final or len(self.free) >= 2:
                    group.remove(timeout=5.0 if final else 0.0)
                elif group.pids():
                    group.kill(timeout=0.0)
                    continue
                else:
                    self.free.append(group)
                self.leftover.remove(group)
            except OSError as exc:
                if final:
                    print(f"speedlit zygote: cgroup left behind ({exc})", file=sys.stderr)
        if final:
            for group in self.free:
                try:
                    group.remove()
                except OSError as exc:
                    print(f"speedlit zygote: cgroup left behind ({exc})", file=sys.stderr)
            self.free = []

    def _describe(self, group, limits) -> str | None:
        if group is None:
            return None
        return (f"{self.cgroups}: the whole job at most {limits.memory_mb} MB, "
                f"{limits.processes} tasks, 1 CPU")

    def _child(self, jobs, go_r, report_w, limits, uid, fallback, new_ns, group):
        code = 70
        try:
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            keep = sorted({jobs.fileno(), go_r, report_w})
            low = 3
            for fd in keep:
                os.closerange(low, fd)
                low = fd + 1
            os.closerange(low, 1 << 16)
            report = isolation.enter_sandbox(
                limits, self.hide, uid=uid, mountpoint=self.mountpoint, fallback_dir=fallback,
                protected=("checkers.sandbox", "checkers.judge", "checkers.grading",
                           "checkers.course", "checkers.services"),
                pid_namespace=new_ns, cgroup=group, env=_learner_env(), guard=self.guard,
                notify=_tripwire)
            if os.read(go_r, 1) != b"g" and group:  # the zygote could not move it in
                isolation.layer_off(report, "cgroup", "no cgroup: the zygote could not add it")
            os.close(go_r)
            _, (channel, output), _, _ = socket.recv_fds(jobs, 16, 2)  # wait for a job
            jobs.close()
            os.dup2(output, 1)
            os.dup2(output, 2)
            os.close(output)
            for stream in (sys.stdout, sys.stderr):
                stream.reconfigure(line_buffering=True)
            os.write(report_w, json.dumps(report).encode())
            os.close(report_w)
            sys.path[:] = [report["workdir"]] + [p for p in sys.path if p and not any(
                p == h or p.startswith(h.rstrip("/") + "/") for h in self.hide)]
            from checkers.appside import host

            code = host.serve(channel)
        except SandboxViolation:
            code = 71
        except BaseException:
            try:
                traceback.print_exc()
            except BaseException:
                pass
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except BaseException:
                    pass
            os._exit(code)

    def _watch(self, control, job, pid, limits, started, group) -> None:
        """Wait for the job's end (or a kill), within the hard limits."""
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        deadline = started + limits.wall_seconds + MARGIN_SECONDS
        reason, exited = None, False
        watch = [control.fileno()] + ([pidfd] if pidfd is not None else [])
        while not exited:
            left = deadline - time.monotonic()
            if left <= 0:
                reason = "timeout"
                break
            ready = select.select(watch, [], [], min(left, 0.25))[0]
            if group is not None and reason is None:
                try:
                    used = group.cpu_seconds()
                    if used > limits.cpu_seconds:
                        reason = "cpu"
                        break
                    if used > LOWER_PRIORITY_AFTER and not getattr(group, "lowered", False):
                        group.lower_priority()  # a loop, most likely: others come first
                except OSError:
                    pass
            if control.fileno() in ready:
                message = control.recv(4096)
                if not message:
                    reason = "pool gone"
                    break
                if json.loads(message).get("op") == "kill":
                    reason = "killed"
                    break
            if pidfd is not None and pidfd in ready:
                exited = True
            elif pidfd is None and os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
                exited = True
        for kill in (os.kill, os.killpg):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if group is not None:
            try:
                group.kill()
            except OSError:
                pass
        _, status, usage = os.wait4(pid, 0)
        if pidfd is not None:
            os.close(pidfd)
        cpu = usage.ru_utime + usage.ru_stime
        oom = False
        peak = usage.ru_maxrss * 1024
        if group is not None:
            try:
                cpu = max(cpu, group.cpu_seconds())
                oom = group.oom_killed()
                peak = group.memory_peak_bytes() or peak
            except OSError:
                pass
        _send(control, {"job": job, "ended": {
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "reason": reason, "cpu_seconds": round(cpu, 3), "memory_peak_mb": peak >> 20,
            "oom": oom, "seconds": round(time.monotonic() - started, 4)}})


def _tripwire(entry: dict) -> None:
    """The guard saw an attempt: say so on the app's output, where the judge looks."""
    what = str(entry.get("what", ""))[:200].replace("\n", " ").replace("\t", " ")
    line = f"\0{TRIPWIRE} {entry.get('rule', '')}\t{what}\n"
    try:
        os.write(2, line.encode("utf-8", "replace"))
    except OSError:
        pass


@dataclass
class Spare:
    """A forked child, isolated, waiting for a job on ``jobs``."""

    pid: int
    jobs: socket.socket
    report_r: int
    group: object
    fallback: str
    key: tuple

    def discard(self, zygote: Zygote) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        os.waitpid(self.pid, 0)
        self.jobs.close()
        os.close(self.report_r)
        if self.group is not None:
            zygote.leftover.append(self.group)


def _child_key(limits) -> tuple:
    """The limits a child is isolated with before its job arrives (the wall time is the
    judge's and the zygote's business)."""
    return (limits.cpu_seconds, limits.memory_mb, limits.output_kb, limits.processes,
            limits.disk_mb)


def _read_report(fd: int, deadline: float) -> dict:
    """The isolation report the child writes once it has its job (all of it, or nothing)."""
    raw = b""
    while time.monotonic() < deadline:
        if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
            break
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        raw += chunk
    try:
        return json.loads(raw) if raw else {"level": "unknown", "confined": False}
    except ValueError:
        return {"level": "unknown", "confined": False}


def _learner_env() -> dict[str, str]:
    """The child's whole environment: nothing of the server's (no database URL, no keys)."""
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2", "SPEEDLIT_LATENCY_SCALE": "0"}


def _recv(control: socket.socket) -> tuple[dict | None, list[int]]:
    fds = array.array("i")
    try:
        data, ancillary, _, _ = control.recvmsg(1 << 16, socket.CMSG_SPACE(4 * fds.itemsize))
    except ConnectionResetError:  # the pool's process ended without closing: same as EOF
        return None, []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
    if not data:
        return None, list(fds)
    return json.loads(data), list(fds)


def _mother(control: socket.socket) -> socket.socket | None:
    """Serve ``zygote`` requests until the pool hangs up (then wait for the zygotes and return
    None). Returns only in a forked child: the new zygote's control socket, with the mother's
    own descriptors closed and its signal handling undone."""
    wake_r, wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so the wake-up fd is written
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    children: set[int] = set()

    def reap() -> None:
        try:
            while os.read(wake_r, 512):
                pass
        except BlockingIOError:
            pass
        for pid in list(children):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
            except ChildProcessError:
                children.discard(pid)

    while True:
        ready = select.select([control, wake_r], [], [])[0]
        if wake_r in ready:
            reap()
        if control not in ready:
            continue
        request, fds = _recv(control)
        if request is None:
            for fd in fds:
                os.close(fd)
            break
        if request.get("op") != "zygote" or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            continue
        try:
            sock = socket.socket(fileno=fds[0])
        except OSError:
            os.close(fds[0])
            continue
        try:
            pid = os.fork()
        except OSError as exc:
            try:
                _send(sock, {"fatal": f"the mother could not fork a zygote ({exc})"},
                      socket.MSG_NOSIGNAL)
            except OSError:
                pass
            sock.close()
            continue
        if pid == 0:  # the new zygote
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.close(wake_r)
            os.close(wake_w)
            control.close()
            return sock
        children.add(pid)
        try:
            pidfd = [os.pidfd_open(pid)]  # not reaped yet: no pid-reuse race
        except (AttributeError, OSError):
            pidfd = []
        try:
            socket.send_fds(sock, [json.dumps({"zygote": pid}).encode()], pidfd,
                            socket.MSG_NOSIGNAL)
        except OSError:
            pass  # the pool gave up on it: the zygote exits on its own
        finally:
            for fd in pidfd:
                os.close(fd)
            sock.close()
    # The pool is gone: its zygotes see their sockets close too and exit.
    deadline = time.monotonic() + 30.0
    while children and time.monotonic() < deadline:
        reap()
        select.select([wake_r], [], [], 0.2)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    return None


def _refuse(control: socket.socket, fatal: str) -> None:
    """A mother that could not warm up: answer the requests already queued with why."""
    while select.select([control], [], [], 0)[0]:
        request, fds = _recv(control)
        if request is None:
            return
        for fd in fds:
            try:
                sock = socket.socket(fileno=fd)
            except OSError:
                os.close(fd)
                continue
            with sock:
                try:
                    _send(sock, {"fatal": fatal}, socket.MSG_NOSIGNAL)
                except OSError:
                    pass


def _quiet() -> None:
    """Warming up runs an app outside a server, which is noisy: silence stdout and stderr
    meanwhile (``SPEEDLIT_DEBUG`` keeps them)."""
    if not os.environ.get("SPEEDLIT_DEBUG"):
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.dup2(quiet, 1)
        os.close(quiet)


def main(argv: list[str]) -> int:
    hide, args, control_fd, guard, mother = [], list(argv), None, True, False
    if "--no-guard" in args:  # tests only: prove the kernel layers hold without the tripwire
        args.remove("--no-guard")
        guard = False
    if "--mother" in args:
        args.remove("--mother")
        mother = True
    while args:
        flag, value, *args = args
        if flag == "--hide":
            hide.append(os.path.abspath(value))
        elif flag == "--control":
            control_fd = int(value)
    control = socket.socket(fileno=control_fd)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    stderr = os.dup(2)
    in_mother = mother
    try:
        warm_seconds = None
        if mother:
            _quiet()
            warm_seconds = preload()
            gc.collect()
            gc.freeze()
            os.dup2(stderr, 2)
            os.dup2(stderr, 1)
            control = _mother(control)
            if control is None:
                return 0
            in_mother = False  # from here on: a zygote the mother forked
        _quiet()
        zygote = Zygote(hide or [REPO], guard, warm_seconds)
    except BaseException:
        os.dup2(stderr, 2)
        traceback.print_exc()
        fatal = traceback.format_exc(limit=3)[-2000:]
        if in_mother:
            _refuse(control, fatal)
        else:
            _send(control, {"fatal": fatal})
        return 1
    os.dup2(stderr, 2)
    os.dup2(stderr, 1)
    os.close(stderr)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _send(control, {"ready": True, "pid": os.getpid(), "threads": zygote.threads(),
                    "warm_seconds": round(zygote.warm_seconds, 3),
                    "pidns": zygote.pidns is not None, "cgroups": zygote.cgroups})
    from checkers.sandbox.pool import Limits

    zygote.spare = zygote._spawn(Limits())
    while True:
        if zygote.leftover and not select.select([control], [], [], 0.05)[0]:
            zygote.tidy()
            continue
        request, fds = _recv(control)
        if request is None:
            if zygote.spare is not None:
                zygote.spare.discard(zygote)
            zygote.tidy(final=True)
            return 0
        if request.get("op") != "spawn" or len(fds) != 2:
            for fd in fds:
                os.close(fd)
            continue
        try:
            zygote.job(control, request, fds)
        except Exception:
            traceback.print_exc()
            _send(control, {"job": request.get("job"), "ended": {"reason": "zygote error"}})


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv[1:]))
