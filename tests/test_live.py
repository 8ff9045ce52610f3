"""Live apps (``checkers.live``): a learner's app running in the grading sandbox with a person
as its browser.

Each test drives a ``LiveApp`` the way the course's WebSocket bridge does: a browser is a
``deliver`` callback that receives raw ForwardMsgs (here read back into the judge's own
``browser.Tab``, which also makes the BackMsgs a Streamlit frontend sends). Proven here: a
click reaches the app and its page comes back; runs, the last run's time and service calls
are counted, and the slow step really waits; the app stops when its browser leaves, when it
is never opened, after a time without a click (a ``run_every`` timer is not a click) and at
the sandbox's CPU limit; at most ``capacity`` run at once and a learner has one; the
learner's code runs in the sandbox, not in this process (another pid namespace, no view of
the repository or of this process); and what the app sends its browser is validated.
"""
from __future__ import annotations

import os
import queue
import textwrap
import time
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from checkers import live
from checkers.display import flatten
from checkers.judge import snapshot
from checkers.judge.browser import Tab
from checkers.sandbox import Limits, SandboxPool

pytestmark = pytest.mark.sandbox
REPO = Path(__file__).resolve().parent.parent
QUICK = live.Timeouts(idle_seconds=60, leave_seconds=0.5, connect_seconds=20, max_seconds=120)
SALES = """
import streamlit as st
import speedlit

st.title("Sales")
if st.button("Load"):
    st.write("rows", len(speedlit.read_sales()))
"""


@pytest.fixture(scope="module")
def pool():
    with SandboxPool(workers=3, eager=1) as made:
        yield made


class Browser:
    """One browser tab on a live app: what it was sent, and what a user does in it."""

    def __init__(self, app: live.LiveApp) -> None:
        self.app, self.tab, self.inbox = app, Tab(0), queue.Queue()
        self.number = app.connect(self.inbox.put)
        assert self.number is not None
        self.ended = False

    def _settle(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.tab.idle:
            raw = self.inbox.get(timeout=max(0.01, deadline - time.monotonic()))
            if raw is None:
                self.ended = True
                return
            self.tab.receive(ForwardMsg.FromString(raw), 0.0)

    def send(self, msg) -> Browser:
        assert self.app.send_back(self.number, msg.SerializeToString())
        self._settle()
        return self

    def open(self) -> Browser:
        return self.send(self.tab.open())

    def click(self, label: str) -> Browser:
        return self.send(self.tab.click(label))

    def shown(self) -> list:
        return [e.get("value") for e in flatten(snapshot.page(self.tab.page, self.tab))]

    def leave(self) -> None:
        self.app.disconnect(self.number)


def started(pool, source: str, timeouts: live.Timeouts = QUICK,
            limits: Limits = Limits()) -> live.LiveApp:
    return live.LiveApp(pool, textwrap.dedent(source), limits, timeouts).start()


def gone(pid: int | None, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while pid and os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.05)
    return not (pid and os.path.exists(f"/proc/{pid}"))


# ---------------------------------------------------------------- a person clicks
def test_a_click_reaches_the_app_and_everything_is_counted(pool):
    app = started(pool, SALES)
    try:
        assert live.find(app.token) is app and len(app.token) >= 32
        browser = Browser(app).open()
        assert "Sales" in browser.shown()
        stats = app.stats()
        assert (stats["script_runs"], stats["calls"], stats["clicks"]) == (1, {}, 1)

        began = time.monotonic()
        browser.click("Load")
        waited = time.monotonic() - began
        assert "rows `1440`" in browser.shown()  # the course's data, all of it
        stats = app.stats()
        assert stats["script_runs"] == 2 and stats["calls"] == {"read_sales": 1}
        assert waited >= 1.4 and stats["last_run_seconds"] >= 1.4  # the learner feels it
        browser.click("Load")
        assert app.stats()["calls"] == {"read_sales": 2}
    finally:
        app.stop()
    assert app.ending["kind"] == "stopped" and live.find(app.token) is None
    assert gone(app.pid)


def test_fragment_runs_are_counted_apart_and_a_timer_is_not_a_click(pool):
    source = """
    import streamlit as st

    @st.fragment(run_every=0.3)
    def clock():
        st.write("tick")

    st.write("page")
    clock()
    """
    app = started(pool, source, live.Timeouts(idle_seconds=2.5, leave_seconds=30,
                                             connect_seconds=20, max_seconds=60))
    browser = Browser(app).open()
    for _ in range(4):  # what the frontend sends when a run_every timer fires
        fragment = next(iter(browser.tab.timers))
        browser.send(browser.tab.auto_rerun(fragment))
    stats = app.stats()
    assert stats["script_runs"] == 1 and stats["fragment_runs"] == 4
    assert stats["clicks"] == 1  # opening the app; the timer's reruns are no clicks
    assert app.wait(15), "a live app whose only activity is its timer must stop when idle"
    assert app.ending["kind"] == "idle" and "without a click" in app.ending["message"]
    assert gone(app.pid)


# ---------------------------------------------------------------- it stops
def test_it_stops_when_its_browser_leaves(pool):
    app = started(pool, SALES)
    browser = Browser(app).open()
    pid = app.pid
    assert pid and os.path.exists(f"/proc/{pid}")
    browser.leave()
    assert app.wait(10)
    assert app.ending == {"kind": "left", "message": "Your live app stopped when you left it."}
    assert gone(pid) and live.find(app.token) is None
    assert app.connect(lambda raw: None) is None  # nobody can come back to it


def test_a_reload_within_the_grace_keeps_it(pool):
    app = started(pool, SALES, live.Timeouts(leave_seconds=3, connect_seconds=20))
    try:
        first = Browser(app).open()
        first.leave()
        time.sleep(1)
        second = Browser(app).open()  # the page reloaded: a new tab, a new session
        assert "Sales" in second.shown() and app.alive
        time.sleep(3)
        assert app.alive
    finally:
        app.stop()


def test_it_stops_when_nobody_opens_it(pool):
    app = started(pool, SALES, live.Timeouts(connect_seconds=1))
    assert app.wait(10)
    assert app.ending["kind"] == "left" and "never opened" in app.ending["message"]
    assert gone(app.pid)


def test_it_stops_at_the_cpu_limit_of_grading(pool):
    source = """
    import streamlit as st
    if st.button("Spin"):
        while True:
            pass
    """
    app = started(pool, source, limits=Limits(cpu_seconds=2))
    browser = Browser(app).open()
    app.send_back(browser.number, browser.tab.click("Spin").SerializeToString())
    assert app.wait(30)
    assert app.ending["kind"] == "cpu", app.ending
    assert "2 s of CPU time" in app.ending["message"]
    assert gone(app.pid)


# ---------------------------------------------------------------- how many
def test_the_room_bounds_how_many_run_and_keeps_one_per_learner(pool):
    room = live.LiveRoom(pool, capacity=1, timeouts=QUICK)
    try:
        first = room.start("ada", SALES)
        with pytest.raises(live.LiveFull, match="All 1 live apps"):
            room.start("ben", SALES)
        again = room.start("ada", SALES)  # a new Run replaces her running app
        assert first.ending["kind"] == "replaced" and gone(first.pid)
        assert again.alive and room.running() == 1 and room.of("ada") is again
        again.stop()
        assert room.running() == 0
        room.start("ben", SALES)  # a place came free
    finally:
        room.close()
    with pytest.raises(live.LiveFull, match="runs no live apps"):
        live.LiveRoom(pool, capacity=0).start("ada", SALES)


# ---------------------------------------------------------------- untrusted
def test_the_learners_code_runs_in_the_sandbox_not_here(pool):
    solution = REPO / "exercises" / "cache-data-load" / "solution.py"
    assert solution.exists()
    source = f"""
    import os
    import streamlit as st

    st.write("pid", os.getpid())
    for name, attempt in (("solution", lambda: open({str(solution)!r}).read()),
                          ("server", lambda: os.kill({os.getpid()}, 0)),
                          ("environ", lambda: os.environ["SPEEDLIT_LIVE_SECRET"])):
        try:
            attempt()
            st.write(name, "reached")
        except BaseException as exc:
            st.write(name, type(exc).__name__)
    """
    os.environ["SPEEDLIT_LIVE_SECRET"] = "the server's own"
    try:
        app = started(pool, source)
    finally:
        os.environ.pop("SPEEDLIT_LIVE_SECRET")
    try:
        shown = " ".join(str(v) for v in Browser(app).open().shown())
    finally:
        app.stop()
    assert f"pid `{os.getpid()}`" not in shown and app.pid != os.getpid()
    assert "reached" not in shown, shown
    for name in ("solution", "server", "environ"):
        assert name in shown
    assert app.isolation.get("confined") or os.environ.get("SPEEDLIT_ALLOW_UNCONFINED") == "1"


def test_a_message_no_streamlit_sends_ends_the_app(pool):
    """The app side is untrusted: a ForwardMsg that does not parse never reaches a browser."""
    source = """
    import os
    import stat
    import struct
    import streamlit as st

    if st.button("Forge"):  # a frame straight onto the channel: a ForwardMsg for tab 1
        body = struct.pack(">H", 1) + b"\\xff" * 64
        for fd in range(3, 64):
            try:
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.write(fd, struct.pack(">cI", b"F", len(body)) + body)
            except OSError:
                pass
    """
    app = started(pool, source)
    browser = Browser(app).open()
    app.send_back(browser.number, browser.tab.click("Forge").SerializeToString())
    assert app.wait(15)
    assert app.ending["kind"] == "forbidden", app.ending
    assert gone(app.pid)


def test_a_browser_cannot_send_anything_but_a_backmsg(pool):
    app = started(pool, SALES)
    try:
        browser = Browser(app).open()
        assert not app.send_back(browser.number, b"\xff" * 32)  # not a BackMsg
        assert not app.send_back(browser.number, b"\x00" * (live.MAX_BACK + 1))
        assert not app.send_back(999, browser.tab.reload().SerializeToString())  # no such tab
        assert app.alive
    finally:
        app.stop()
