"""The course app itself, driven by the judge as a browser would drive it.

The course is trusted code, so its app side runs as a plain subprocess (no sandbox) in the
repository, with Streamlit's real runtime: fragments rerun alone, ``st.rerun(scope=...)``
works, the code editor (a custom component) takes the JSON its frontend would send. Every
``open`` is a new browser tab (a new session) on the same server process; grading from a
page goes through the real sandboxed grader, as on a real server.
"""
from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from checkers.display import flatten
from checkers.judge import scenario, snapshot

REPO = Path(__file__).resolve().parent.parent
ENTRY = str(REPO / "streamlit_app.py")


class CourseApp:
    def __init__(self, env: dict[str, str] | None = None, weak_host: str | None = None) -> None:
        """``weak_host``: run the server on a simulated weak host (``tests/weak_host.py``)."""
        judge_end, app_end = socket.socketpair()
        out_r, out_w = os.pipe()
        full_env = {**os.environ, **(env or {}), "SPEEDLIT_LATENCY_SCALE": "0",
                    "PYTHONPATH": f"{REPO}:{REPO / 'checkers' / 'learner_env'}"}
        code = f"import sys; from checkers.appside import host; sys.exit(host.serve({app_end.fileno()}))"
        command = [sys.executable, "-c", code]
        if weak_host:
            command = [sys.executable, str(REPO / "tests" / "weak_host.py"), weak_host,
                       "--exec"] + command
        self.process = subprocess.Popen(command, cwd=REPO, env=full_env,
                                        pass_fds=[app_end.fileno()], stdout=out_w, stderr=out_w,
                                        stdin=subprocess.DEVNULL)
        app_end.close()
        os.close(out_w)
        self.channel = judge_end
        self.judge = scenario.Judge(judge_end.fileno(), out_r, deadline=time.monotonic() + 7200,
                                    output_cap=1 << 30)
        self.judge.max_tabs = 1 << 15
        self.numbers = itertools.count(0)
        self.judge.start(path=ENTRY)

    def open(self, page: str = "", **query: str) -> CoursePage:
        """A new browser tab on ``/<page>?<query>``."""
        tab = self.judge.tab(next(self.numbers))
        self.judge.deadline = time.monotonic() + 300
        self.judge.request(tab, tab.open(page, urlencode(query)), f"open /{page}")
        return CoursePage(self, tab)

    def close(self) -> None:
        self.channel.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def output(self) -> str:
        return bytes(self.judge.output_tail).decode("utf-8", "replace")


class CoursePage:
    """One tab: what it shows, and what a user can do on it."""

    def __init__(self, app: CourseApp, tab) -> None:
        self.app, self.tab = app, tab

    # ------------------------------------------------------------ what it shows
    @property
    def elements(self) -> list[dict]:
        return flatten(snapshot.page(self.tab.page, self.tab))

    def of(self, *kinds: str) -> list[dict]:
        return [e for e in self.elements if e.get("type") in kinds]

    def values(self, *kinds: str) -> list:
        return [e.get("value") for e in self.of(*kinds)]

    def labels(self, *kinds: str) -> list:
        return [e.get("label") for e in self.of(*kinds)]

    @property
    def exceptions(self) -> list[dict]:
        return snapshot.exceptions(self.tab.page)

    @property
    def query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.tab.query).items()}

    def component(self, name_part: str = "code_editor") -> dict:
        found = [e for e in self.of("component") if name_part in (e.get("name") or "")
                 or name_part in (e.get("key") or "")]
        assert len(found) == 1, f"expected one {name_part}, found {len(found)}"
        return found[0]

    # ------------------------------------------------------------ what a user does
    def _do(self, msg, doing: str) -> CoursePage:
        self.app.judge.deadline = time.monotonic() + 300
        self.app.judge.request(self.tab, msg, doing)
        assert not self.exceptions, self.exceptions
        return self

    def click(self, ref: str) -> CoursePage:
        return self._do(self.tab.click(ref), f"click {ref}")

    def set(self, ref: str, value) -> CoursePage:
        return self._do(self.tab.set(ref, value), f"set {ref}")

    def reload(self) -> CoursePage:
        """A full rerun of the page (what any widget outside a fragment causes)."""
        return self._do(self.tab.reload(), "rerun")

    def send_editor(self, code: str, submit: bool = False, key: str | None = None) -> CoursePage:
        """The learner typed ``code`` (the editor's debounced ``change`` event), then pressed
        Ctrl+Enter (``submit``) or not: the JSON the component's frontend sends."""
        key = key or self.component("editor:")["key"]
        event = {"id": uuid.uuid4().hex[:8], "type": "submit" if submit else "change",
                 "text": code, "lang": "python"}
        return self._do(self.tab.set(key, event), f"type into {key}")

    def tick(self) -> CoursePage:
        """Every ``run_every`` timer on the page fires once (their fragments rerun alone)."""
        fired = self.tab.due(float("inf"))
        assert fired, "this page has no run_every fragment"
        for fragment in dict.fromkeys(fired):
            self._do(self.tab.auto_rerun(fragment), f"timer of {fragment}")
        return self

    def choose_tab(self, label: str) -> CoursePage:
        msg = self.tab.choose_tab(label)
        return self._do(msg, f"open tab {label}") if msg is not None else self
