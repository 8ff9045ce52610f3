"""Serve one learner app over the channel: a Streamlit server whose only browser is the judge.

``serve(fd)`` runs in the sandboxed child. It reads the job (the script), starts Streamlit's
``Runtime`` on an event loop, and then relays: each ``B`` frame is a BackMsg for a browser tab
(the first one for a tab connects a new session, as a new tab would), each ForwardMsg a
session sends goes out as an ``F`` frame, and each ``speedlit`` call goes out as a ``C`` frame
and waits for the judge's ``A``. The process holds no secret and decides nothing: whatever
the learner's code does to it, the judge only ever learns what a browser would see.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import pickle
import sys
import threading
from typing import Any

from checkers import internals, wire

SCRIPT = "app.py"


class _Pending:
    __slots__ = ("done", "ok", "value")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.ok, self.value = False, None


class Host:
    def __init__(self, fd: int, script_path: str) -> None:
        self.fd = fd
        self.script_path = script_path
        self.write_lock = threading.Lock()
        self.sessions: dict[int, str] = {}
        self.tabs: dict[str, int] = {}
        self.pending: dict[int, _Pending] = {}
        self.ids = itertools.count(1)
        self.clock = [0.0]
        self.latencies: dict[str, float] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.runtime = None
        self.closed: asyncio.Event | None = None

    # ------------------------------------------------------------ to the judge
    def send(self, kind: bytes, body: bytes) -> None:
        with self.write_lock:
            wire.send_all(self.fd, wire.frame(kind, body))

    def forward(self, tab: int, msg) -> None:
        request = internals.call_in(msg)
        if request is not None:
            self.send(wire.CALL, json.dumps({**request, "tab": tab}).encode())
        else:
            self.send(wire.FORWARD, wire.tabbed(tab, msg.SerializeToString()))

    # ------------------------------------------------------------ speedlit's back end
    def call(self, name: str, args: list) -> Any:
        """Ask the judge; block this (script) thread until it answers. The request says which
        cached functions are computing around the call (the app's account of itself); a
        spinner that the call's wait would bring up is shown first."""
        ident = next(self.ids)
        waiter = self.pending[ident] = _Pending()
        request = {"id": ident, "name": name, "args": args,
                   "cached": internals.cached_frames(sys._getframe(1))}
        latency = self.latencies.get(name, 0.0) if name != "slow" else float(args[1] or 0)
        internals.spinner_timers.wait(latency)
        if not internals.enqueue_call(request):  # not in a script run: no queue to keep order
            self.send(wire.CALL, json.dumps({**request, "tab": wire.NO_TAB}).encode())
        waiter.done.wait()
        self.pending.pop(ident, None)
        if waiter.ok:
            return waiter.value
        raise ValueError(waiter.value)

    def _answer(self, body: bytes) -> None:
        head, _, payload = body.partition(b"\n")
        meta = json.loads(head)
        waiter = self.pending.get(meta["id"])
        if waiter is None:
            return
        waiter.ok = bool(meta["ok"])
        waiter.value = pickle.loads(payload) if waiter.ok else meta.get("error", "refused")
        waiter.done.set()

    # ------------------------------------------------------------ from the judge
    def _read(self) -> None:
        """Reader thread: answers go straight to the waiting script thread, the rest to the
        event loop, in order."""
        try:
            while True:
                got = wire.read_frame(self.fd)
                if got is None:
                    break
                kind, body = got
                if kind == wire.ANSWER:
                    self._answer(body)
                else:
                    self.loop.call_soon_threadsafe(self._dispatch, kind, body)
        finally:
            for waiter in list(self.pending.values()):
                waiter.ok, waiter.value = False, "the grader went away"
                waiter.done.set()
            self.loop.call_soon_threadsafe(self.closed.set)

    def _dispatch(self, kind: bytes, body: bytes) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if kind == wire.CLOCK:
            self.clock[0] = float(json.loads(body)["offset"])
            return
        if kind == wire.CLOSE:
            session = self.sessions.pop(wire.TAB.unpack(body)[0], None)
            if session is not None:
                self.tabs.pop(session, None)
                self.runtime.close_session(session)
            return
        if kind != wire.BACK:
            return
        tab, raw = wire.untab(body)
        msg = BackMsg.FromString(raw)
        session = self.sessions.get(tab)
        if session is None:
            session = self.runtime.connect_session(_Client(self, tab), user_info={})
            self.sessions[tab], self.tabs[session] = session, tab
        fragment = msg.rerun_script.fragment_id if msg.HasField("rerun_script") else ""
        if fragment and not internals.has_fragment(self.runtime, session, fragment):
            self.send(wire.DROPPED, json.dumps({"tab": tab, "fragment": fragment}).encode())
            return
        self.runtime.handle_backmsg(session, msg)

    # ------------------------------------------------------------ life
    def _thread_ended(self, args) -> None:
        """A script that calls ``sys.exit()`` ends Streamlit's script thread without a finish
        message, so its run never ends: say so, instead of letting the judge wait."""
        if args.exc_type is SystemExit and args.thread is not None and \
                args.thread.name.startswith("ScriptRunner"):
            self.send(wire.EXITED, json.dumps({"code": str(args.exc_value)[:100]}).encode())
        else:
            self._excepthook(args)

    async def main(self) -> None:
        self._excepthook, threading.excepthook = threading.excepthook, self._thread_ended
        self.loop = asyncio.get_running_loop()
        self.closed = asyncio.Event()
        self.runtime = internals.new_runtime(self.script_path)
        await self.runtime.start()
        threading.Thread(target=self._read, name="speedlit-channel", daemon=True).start()
        self.send(wire.HELLO, b"{}")
        await self.closed.wait()
        self.runtime.stop()
        await self.runtime.stopped


class _Client:
    """A browser tab as Streamlit's runtime sees it."""

    def __init__(self, host: Host, tab: int) -> None:
        self.host, self.tab = host, tab

    def write_forward_msg(self, msg) -> None:
        self.host.forward(self.tab, msg)

    @property
    def client_context(self):
        return None


def serve(fd: int) -> int:
    """Run the job that arrives on ``fd``; returns when the judge closes the channel."""
    got = wire.read_frame(fd)
    if got is None or got[0] != wire.JOB:
        return 1
    job = json.loads(got[1])
    if job.get("path"):  # trusted course code run outside the sandbox (tests of the course)
        script_path = os.path.abspath(job["path"])
    else:
        script_path = os.path.abspath(SCRIPT)
        with open(script_path, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(job["script"])
    host = Host(fd, script_path)
    host.latencies = {str(k): float(v) for k, v in job.get("latencies", {}).items()}
    prepare(host, services=not job.get("path"))
    asyncio.run(host.main())
    return 0


def prepare(host: Host, services: bool = True) -> None:
    """Point Streamlit and ``speedlit`` at this host: options, the cache clock and (unless the
    app is the course itself, which answers its own services) the back end."""
    internals.set_options(internals.APP_SIDE_OPTIONS)
    internals.flush_at_once()
    sys.setswitchinterval(0.0005)  # hand the GIL between script and event loop sooner
    internals.set_cache_clock(internals.monotonic_with(host.clock))
    if not services:
        return
    internals.spinner_timers.install()
    speedlit = sys.modules.get("speedlit")
    if speedlit is None:
        import speedlit  # noqa: PLC0415 (found on the learner's path)
    speedlit._use(host)
