"""A learner's app, live: the sandboxed app side the judge drives, with a person as its browser.

``LiveApp(pool, source, limits)`` starts an app process in the grading sandbox (never in the
caller's process), hands the app side the learner's script exactly as the judge does, and then
relays between the app and up to a few browser connections (each one a tab on the channel):

* a browser's BackMsg goes to the app (size-capped, parsed first: only what a Streamlit
  frontend sends);
* the app's ForwardMsgs come back through the judge's reader — frames size-capped, every
  message parsed as a ForwardMsg before a browser gets it, the bytes and the reader's CPU
  bounded: the app side is untrusted — and go to that tab's browser;
* the app's ``speedlit`` calls are answered by the judge's own code from
  ``checkers.services`` with the course's public data (variant 0), each after its real
  latency, so the learner feels the slow step; each is counted.

It keeps what the learner watches: script and fragment runs, how long the last run took
(the real wait for the services included), and the calls of each service.

A live app ends when every browser has been gone for ``leave_seconds`` (the learner left),
when nobody opened it within ``connect_seconds``, after ``idle_seconds`` without a click (a
``run_every`` timer is not a click), after ``max_seconds`` in all, at the sandbox's limits —
the CPU seconds and memory of grading, for the whole session — or on ``stop()``. ``ending``
then says why, in words for the learner.

``LiveRoom(pool, capacity)`` bounds how many run at once and keeps one per owner (a new start
replaces the owner's running one). ``find(token)`` looks a running app up by the unguessable
token its address holds. No Streamlit UI here: the course serves the browser side
(``course/live_routes.py``).
"""
from __future__ import annotations

import heapq
import itertools
import os
import secrets
import select
import signal
import threading
import time
import traceback
import weakref
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from checkers import services, wire
from checkers.grading import _ending_error
from checkers.judge import scenario
from checkers.judge.browser import TERMINAL
from checkers.sandbox import Limits, SandboxPool, SandboxUnavailable

#: The largest BackMsg a browser may send (Streamlit's own default cap on widget state).
MAX_BACK = 2 << 20
#: Browser connections (tabs) one live app serves at once, and in all.
MAX_BROWSERS = 4
MAX_CONNECTS = 200
#: ForwardMsgs waiting for one slow browser before it is let go.
MAX_QUEUED_OUT = 16 << 20
#: What the bridge may read from one app over its whole life, and its own CPU for that.
RECEIVED_CAP = 512 << 20
CPU_BUDGET = 120.0
#: BackMsgs that are a person doing something (a heartbeat or a timer is not).
ACTIVE = {"rerun_script", "stop_script", "backend_operation_request", "clear_cache"}
#: BackMsgs a browser may send to the app (the debug ones only a dev server honours).
ALLOWED = ACTIVE | {"load_git_info", "app_heartbeat", "file_urls_request", "set_run_on_save"}
#: Endings the relay decided (the sandbox then only saw a kill).
OURS = {"replaced", "stopped", "left", "idle", "timeout"}


@dataclass(frozen=True)
class Timeouts:
    idle_seconds: float = 300.0
    leave_seconds: float = 5.0
    connect_seconds: float = 60.0
    max_seconds: float = 1800.0
    start_seconds: float = 30.0


class LiveError(Exception):
    """The live app could not start; the text is for the learner."""


class LiveFull(LiveError):
    """Every live app this server allows is running."""


_running: weakref.WeakValueDictionary[str, LiveApp] = weakref.WeakValueDictionary()
_registry_lock = threading.Lock()


def find(token: str) -> LiveApp | None:
    """The running live app whose address holds ``token``."""
    if not isinstance(token, str):
        return None
    with _registry_lock:
        app = _running.get(token)
    return app if app is not None and app.alive else None


def running() -> list[LiveApp]:
    with _registry_lock:
        return [app for app in _running.values() if app.alive]


class _LiveJudge(scenario.Judge):
    """The judge's reader and service desk, for a browser that is a person: frames go to the
    browsers, answers wait their real latency without holding anything else up, and writes
    are queued for the relay's loop (which never blocks on the app)."""

    def __init__(self, live: LiveApp, channel: int, output: int, **kwargs) -> None:
        super().__init__(channel, output, variant=0, live=True, **kwargs)
        self.owner = live
        self.queued = False  # before the loop starts, writes block as the judge's do
        self.out = bytearray()
        self.due: list[tuple[float, int, bytes]] = []
        self.order = itertools.count()

    def send(self, kind: bytes, body: bytes) -> None:
        if not self.queued:
            super().send(kind, body)
            return
        if len(self.out) > MAX_QUEUED_OUT:
            raise scenario.Stop("crash", "Your app stopped listening to its browser.")
        self.out += wire.frame(kind, body)

    def _reply(self, ident: int, answer: services.Answer) -> None:
        self.owner._counted(answer.counted_as)
        wait = min(max(answer.latency, 0.0), 10.0)
        heapq.heappush(self.due, (time.monotonic() + wait, next(self.order),
                                  scenario.reply(ident, answer)))

    def release_due(self, now: float) -> float | None:
        """Send the answers whose wait is over; when the next one is due."""
        while self.due and self.due[0][0] <= now:
            self.send(wire.ANSWER, heapq.heappop(self.due)[2])
        return self.due[0][0] if self.due else None

    def _handle(self, kind: bytes, body: bytes) -> None:
        if kind == wire.FORWARD:
            number, raw = wire.untab(body)
            try:
                msg = ForwardMsg.FromString(raw)
            except Exception:
                raise scenario.Stop("forbidden", "Your app sent the browser a message that is "
                                    "not a valid Streamlit message.") from None
            self.owner._forward(number, msg, raw)
        elif kind == wire.DROPPED:
            wire.load_json(body, 4096)  # a rerun of a fragment the app no longer has: nothing
        else:
            super()._handle(kind, body)


class LiveApp:
    """One learner's app running live in the sandbox; see the module's docstring."""

    def __init__(self, pool: SandboxPool, source: str, limits: Limits = Limits(),
                 timeouts: Timeouts = Timeouts(), owner: str | None = None,
                 label: str = "", on_end: Callable[[LiveApp], None] | None = None) -> None:
        self.pool, self.source, self.timeouts = pool, source, timeouts
        self.limits = replace(limits, wall_seconds=timeouts.max_seconds)
        self.owner, self.label, self.on_end = owner, label, on_end
        self.token = secrets.token_urlsafe(24)
        self.pid: int | None = None
        self.isolation: dict = {}
        self.ending: dict | None = None
        self.sandbox_ending = None
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._browsers: dict[int, Callable[[bytes | None], None]] = {}
        self._tabs = itertools.count(1)
        self._outbox: list[tuple[bytes, bytes]] = []
        self._opened = False
        self._left_at: float | None = None
        self._last_click = self.started
        self._stop_reason: str | None = None
        self._wake_lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self._thread: threading.Thread | None = None
        self._app = None
        self._judge: _LiveJudge | None = None
        # what the learner watches
        self._runs: Counter[str] = Counter()
        self._calls: Counter[str] = Counter()
        self._run_started: dict[int, float] = {}
        self._last_run: float | None = None
        self._clicks = 0

    # ------------------------------------------------------------ life
    def start(self) -> LiveApp:
        """Start the app in the sandbox and wait until its runtime is up (LiveError, or
        SandboxUnavailable, when it cannot)."""
        app = self.pool.start(self.limits)
        self._app, self.pid, self.isolation = app, app.pid, app.isolation
        judge = _LiveJudge(self, app.channel, app.output,
                           deadline=time.monotonic() + self.timeouts.start_seconds,
                           output_cap=self.limits.output_kb * 1024,
                           received_cap=RECEIVED_CAP, cpu_budget=CPU_BUDGET)
        self._judge = judge
        try:
            judge.start(self.source)
        except (scenario.Stop, wire.WireError) as exc:
            message = exc.message if isinstance(exc, scenario.Stop) else str(exc)
            self.sandbox_ending = app.finish(kill=True)
            self._close_wake()
            problem = self._sandbox_problem()
            raise LiveError(problem["message"] if problem else message) from None
        judge.queued = True
        judge.deadline = time.monotonic() + 10 * 365 * 86400.0  # the loop keeps its own time
        with _registry_lock:
            _running[self.token] = self
        self._thread = threading.Thread(target=self._loop, name=f"speedlit-live-{self.pid}",
                                        daemon=True)
        self._thread.start()
        return self

    @property
    def alive(self) -> bool:
        return self.ending is None and self._thread is not None

    def stop(self, reason: str = "stopped", wait: bool = True) -> None:
        """End the app (``reason``: "replaced", "stopped"); with ``wait``, until it is gone."""
        with self._lock:
            if self._stop_reason is None:
                self._stop_reason = reason
        self._wake()
        thread = self._thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(timeout=30)

    def wait(self, timeout: float | None = None) -> bool:
        """Until the app has ended; whether it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.ending is not None

    # ------------------------------------------------------------ browsers
    def connect(self, deliver: Callable[[bytes | None], None]) -> int | None:
        """A browser connected: ``deliver(raw ForwardMsg)`` is called (from the relay's thread)
        for each message of its tab, ``deliver(None)`` once the app has ended. The tab's
        number, or None when the app has ended or serves enough browsers already."""
        with self._lock:
            if not self.alive or len(self._browsers) >= MAX_BROWSERS:
                return None
            tab = next(self._tabs)
            if tab > MAX_CONNECTS:
                return None
            self._browsers[tab] = deliver
            self._opened, self._left_at = True, None
            return tab

    def send_back(self, tab: int, raw: bytes) -> bool:
        """A BackMsg from a browser; False when it is refused (the connection should close)."""
        if len(raw) > MAX_BACK:
            return False
        try:
            msg = BackMsg.FromString(raw)
        except Exception:
            return False
        kind = msg.WhichOneof("type")
        if kind not in ALLOWED:
            return kind is not None and kind.startswith("debug_")  # ignored, as Streamlit does
        active = kind in ACTIVE and not (kind == "rerun_script" and msg.rerun_script.is_auto_rerun)
        with self._lock:
            if tab not in self._browsers or not self.alive:
                return False
            self._outbox.append((wire.BACK, wire.tabbed(tab, raw)))
            if active:
                self._last_click = time.monotonic()
                self._clicks += 1
        self._wake()
        return True

    def disconnect(self, tab: int) -> None:
        with self._lock:
            if self._browsers.pop(tab, None) is None:
                return
            self._outbox.append((wire.CLOSE, wire.TAB.pack(tab)))
            if not self._browsers:
                self._left_at = time.monotonic()
        self._wake()

    # ------------------------------------------------------------ what the learner watches
    def stats(self) -> dict:
        with self._lock:
            running = bool(self._run_started)
            return {"alive": self.alive, "ending": self.ending, "pid": self.pid,
                    "script_runs": self._runs["script"], "fragment_runs": self._runs["fragment"],
                    "last_run_seconds": self._last_run, "running": running,
                    "calls": dict(self._calls), "clicks": self._clicks,
                    "browsers": len(self._browsers),
                    "seconds": round(time.monotonic() - self.started, 1),
                    "violations": list(self._judge.violations[:5]) if self._judge else []}

    def printed(self) -> str:
        return self._judge.printed() if self._judge else ""

    def _counted(self, name: str) -> None:
        with self._lock:
            self._calls[name] += 1

    def _forward(self, tab: int, msg, raw: bytes) -> None:
        kind = msg.WhichOneof("type")
        now = time.monotonic()
        with self._lock:
            if kind == "new_session":
                self._runs["fragment" if msg.metadata.run.fragment_ids else "script"] += 1
                self._run_started[tab] = now
            elif kind == "script_finished" and msg.script_finished in TERMINAL:
                began = self._run_started.pop(tab, None)
                if began is not None:
                    self._last_run = round(now - began, 3)
            deliver = self._browsers.get(tab)
        if deliver is not None:
            try:
                deliver(raw)
            except Exception:  # that browser is gone: it disconnects on its own
                pass

    # ------------------------------------------------------------ the relay
    def _wake(self) -> None:
        with self._wake_lock:  # never a write to a closed (and maybe reused) descriptor
            if self._wake_w is None:
                return
            try:
                os.write(self._wake_w, b"!")
            except OSError:  # full: the loop wakes anyway
                pass

    def _close_wake(self) -> None:
        with self._wake_lock:
            fds, self._wake_r, self._wake_w = (self._wake_r, self._wake_w), None, None
        for fd in fds:
            if fd is not None:
                os.close(fd)

    def _sandbox_problem(self) -> dict | None:
        """A limit of the sandbox the app reached, as the learner should read it."""
        ended = self.sandbox_ending
        if ended is None:
            return None
        if ended.reason == "cpu" or ended.signal == signal.SIGXCPU:
            return {"kind": "cpu", "message": (
                f"Your live app used its {self.limits.cpu_seconds} s of CPU time (the limit "
                "grading has, here for the whole session) and was stopped. Press Run to start "
                "it afresh; if it stopped soon after it started, look for a loop that never "
                "ends.")}
        problem = _ending_error(ended, self.limits)
        if problem and problem["kind"] == "memory":
            return problem
        if ended.reason == "timeout":
            return {"kind": "timeout", "message": (
                f"Your live app stopped after {_minutes(self.timeouts.max_seconds)}, the "
                "longest a live app runs.")}
        return None

    def _why_end(self, now: float) -> tuple[str, str] | None:
        t = self.timeouts
        with self._lock:
            stop, opened, left_at, idle = (self._stop_reason, self._opened, self._left_at,
                                           now - self._last_click)
        if stop == "replaced":
            return "replaced", "Your live app was replaced by the one your newer Run started."
        if stop is not None:
            return "stopped", "Your live app was stopped."
        if not opened and now - self.started > t.connect_seconds:
            return "left", "Your live app stopped: it was never opened."
        if opened and left_at is not None and now - left_at > t.leave_seconds:
            return "left", "Your live app stopped when you left it."
        if idle > t.idle_seconds:
            return "idle", (f"Your live app stopped after {_minutes(t.idle_seconds)} without "
                            "a click.")
        if now - self.started > t.max_seconds:
            return "timeout", (f"Your live app stopped after {_minutes(t.max_seconds)}, the "
                               "longest a live app runs.")
        return None

    def _loop(self) -> None:
        judge, app = self._judge, self._app
        judge.cpu_started = time.thread_time()  # the budget counts this thread's work
        ending = None
        try:
            while True:
                now = time.monotonic()
                why = self._why_end(now)
                if why:
                    ending = {"kind": why[0], "message": why[1]}
                    break
                with self._lock:
                    outbox, self._outbox = self._outbox, []
                for kind, body in outbox:
                    judge.send(kind, body)
                next_due = judge.release_due(now)
                timeout = 0.5 if next_due is None else max(0.0, min(0.5, next_due - now))
                reading = [judge.channel, self._wake_r] + (
                    [judge.output] if judge.output is not None else [])
                readable, writable, _ = select.select(
                    reading, [judge.channel] if judge.out else [], [], timeout)
                if self._wake_r in readable:
                    try:
                        while os.read(self._wake_r, 512):
                            pass
                    except BlockingIOError:
                        pass
                if judge.output is not None and judge.output in readable:
                    judge._read_output()
                if judge.channel in readable:
                    judge._pull()
                    while True:
                        frame = judge.reader.pop()
                        if frame is None:
                            break
                        try:
                            judge._handle(*frame)
                        except (scenario.Stop, wire.WireError):
                            raise
                        except Exception as exc:  # malformed beyond what any Streamlit sends
                            raise scenario.Stop("forbidden", "Your app sent its browser a "
                                                "message no browser could use "
                                                f"({type(exc).__name__}).") from None
                    judge.spend()
                    if judge.reader.closed:
                        raise scenario.Stop("crash", "Your live app stopped.")
                if judge.channel in writable and judge.out:
                    try:
                        written = os.write(judge.channel, judge.out)
                        del judge.out[:written]
                    except BlockingIOError:
                        pass
                    except (BrokenPipeError, ConnectionResetError):
                        raise scenario.Stop("crash", "Your live app stopped.") from None
        except scenario.Stop as exc:
            ending = {"kind": exc.kind, "message": exc.message}
        except wire.WireError as exc:
            ending = {"kind": "forbidden", "message": "Your app sent something that is not a "
                      f"valid message ({exc}); that is not allowed."}
        except Exception:
            traceback.print_exc()
            ending = {"kind": "crash", "message": "The live app failed; this is not your "
                      "fault. Press Run to start it again."}
        finally:
            self._end(ending or {"kind": "stopped", "message": "Your live app was stopped."})

    def _end(self, ending: dict) -> None:
        try:
            self.sandbox_ending = self._app.finish(kill=True)
        except Exception:
            traceback.print_exc()
        if ending["kind"] not in OURS:  # the sandbox's view explains its own limits better
            ending = self._sandbox_problem() or ending
        with self._lock:
            self.ending = ending
            browsers, self._browsers = list(self._browsers.values()), {}
            self._run_started.clear()
        self._close_wake()
        for deliver in browsers:
            try:
                deliver(None)
            except Exception:
                pass
        with _registry_lock:
            _running.pop(self.token, None)
        if self.on_end is not None:
            try:
                self.on_end(self)
            except Exception:
                traceback.print_exc()


def _minutes(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:g} seconds"
    return f"{seconds / 60:g} minutes"


class LiveRoom:
    """At most ``capacity`` live apps at once on ``pool``, one per owner; thread-safe.
    ``pool`` must have ``capacity`` sandboxes to spare for them (a running live app holds
    one for its whole life)."""

    def __init__(self, pool: SandboxPool, capacity: int = 4,
                 timeouts: Timeouts = Timeouts()) -> None:
        self.pool, self.capacity, self.timeouts = pool, max(0, int(capacity)), timeouts
        self._lock = threading.Lock()
        self._apps: list[LiveApp] = []
        self._by_owner: dict[str, LiveApp] = {}
        self._starting = 0

    def start(self, owner: str, source: str, limits: Limits = Limits(),
              label: str = "") -> LiveApp:
        """Start ``owner``'s live app (their running one stops first). LiveFull when every
        place is taken, LiveError or SandboxUnavailable when it cannot start."""
        with self._lock:
            old = self._by_owner.pop(owner, None)
        if old is not None:
            old.stop("replaced", wait=True)
        with self._lock:
            self._apps = [a for a in self._apps if a.ending is None]
            if not self.capacity:
                raise LiveFull("This server runs no live apps (its `live_apps` setting is 0).")
            if len(self._apps) + self._starting >= self.capacity:
                raise LiveFull(f"All {self.capacity} live apps this server runs at once are in "
                               "use right now.")
            self._starting += 1
        try:
            app = LiveApp(self.pool, source, limits, self.timeouts, owner, label,
                          on_end=self._ended).start()
        finally:
            with self._lock:
                self._starting -= 1
        with self._lock:
            self._apps.append(app)
            self._by_owner[owner] = app
        return app

    def _ended(self, app: LiveApp) -> None:
        with self._lock:
            if app in self._apps:
                self._apps.remove(app)
            if self._by_owner.get(app.owner) is app:
                del self._by_owner[app.owner]

    def of(self, owner: str) -> LiveApp | None:
        with self._lock:
            return self._by_owner.get(owner)

    def running(self) -> int:
        with self._lock:
            return sum(a.ending is None for a in self._apps) + self._starting

    def close(self) -> None:
        with self._lock:
            apps = list(self._apps)
        for app in apps:
            app.stop("stopped", wait=True)


__all__ = ["LiveApp", "LiveError", "LiveFull", "LiveRoom", "SandboxUnavailable", "Timeouts",
           "find", "running"]
