"""The grading harness reruns apps exactly as a browser does, fragment-scoped reruns included.

``checkers/harness.py`` claims that when a widget inside ``@st.fragment`` changes, it sends the
rerun request with the fragment's id (as the browser does) so only the fragment runs, where
plain AppTest would rerun the whole script. This test holds that claim against the real thing:
a ``streamlit run`` server driven by Chromium, for the fragment-chart exercise's solution (chart
in a fragment) and starter (no fragment).

Both sides perform the exercise's scenario — open the app, then choose Metric = Revenue, Users,
Sales, Revenue — and record, per step, how often each ``speedlit.slow`` step ran:

* real server: ``speedlit`` appends every call to ``SPEEDLIT_CALL_LOG``; the per-step counts
  are the lines added during the step. The WebSocket traffic is recorded too: the rerun
  request the browser sent (``BackMsg.rerun_script``, with or without a ``fragment_id``) and
  how the server said the run ended (``ForwardMsg.script_finished``: a whole-script run or a
  fragment run) — the server's own counterpart of the harness's ``runs``.
* harness: ``Grader.observe`` → ``steps[i]["calls"]`` and ``steps[i]["runs"]``.

They must agree step by step, and the solution must be fragment-scoped (each metric change
runs ``chart_data`` once and ``header`` never) while the starter reruns ``header`` every time.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

pytestmark = [pytest.mark.browser, pytest.mark.server]

REPO = Path(__file__).resolve().parent.parent
LEARNER_ENV = REPO / "checkers" / "learner_env"
EXERCISE = "fragment-chart"
EXERCISE_DIR = REPO / "exercises" / EXERCISE
WIDGET = "Metric"
CHOICES = ["Revenue", "Users", "Sales", "Revenue"]  # exercises/fragment-chart/checks.py
INITIAL = "Sales"  # the selectbox's default (first option)
TRACKED = ("header", "chart_data")
RUN_TIMEOUT = 15.0  # seconds for one rerun to reach the browser

_FINISHED_KIND = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "script",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment",
}


# ---------------------------------------------------------------- the browser side
class Wire:
    """Records the Streamlit WebSocket traffic of one page (attach before navigating)."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[dict] = []  # rerun requests the browser sent
        self.finished: list[str] = []   # how each run ended: "script", "fragment" or other
        self.sockets = 0
        page.on("websocket", self._socket)

    def _socket(self, socket) -> None:
        if socket.url.endswith("/_stcore/stream"):
            self.sockets += 1
            socket.on("framesent", self._sent)
            socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            msg = BackMsg()
            msg.ParseFromString(bytes(payload))
            if msg.WhichOneof("type") == "rerun_script":
                self.requests.append({"fragment_id": msg.rerun_script.fragment_id,
                                      "is_auto_rerun": msg.rerun_script.is_auto_rerun})

    def _received(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            msg = ForwardMsg()
            msg.ParseFromString(bytes(payload))
            if msg.WhichOneof("type") == "script_finished":
                status = msg.script_finished
                self.finished.append(_FINISHED_KIND.get(
                    status, ForwardMsg.ScriptFinishedStatus.Name(status)))

    def wait_finished(self, count: int, timeout: float = RUN_TIMEOUT) -> None:
        """Wait until the server reported ``count`` finished runs (events are pumped meanwhile)."""
        deadline = time.monotonic() + timeout
        while len(self.finished) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the server finished {len(self.finished)} runs, expected {count} within "
                    f"{timeout:g} s (rerun requests sent: {self.requests})")
            self.page.wait_for_timeout(25)


def _log_counts(log: Path) -> Counter:
    if not log.exists():
        return Counter()
    return Counter(line for line in log.read_text(encoding="utf-8").splitlines() if line)


def _metric_box(page):
    return page.locator("[data-testid='stSelectbox']").filter(
        has=page.get_by_role("combobox", name=WIDGET, exact=True))


def _expect_shown(page, metric: str) -> None:
    """The selectbox shows ``metric`` and the chart plots the ``metric`` series (no other)."""
    expect(page.get_by_role("combobox", name=WIDGET, exact=True)).to_have_value(metric)
    chart = page.locator("[data-testid='stVegaLiteChart']")
    expect(chart).to_have_count(1)
    # Vega labels every plotted point "day: 1; <series>: <value>".
    expect(chart.locator(f"[aria-label^='day: 1; {metric}: ']").first).to_be_attached()
    for other in {"Sales", "Revenue", "Users"} - {metric}:
        expect(chart.locator(f"[aria-label*='; {other}: ']")).to_have_count(0)


def run_in_browser(page, streamlit_server, wait_for_app, app_dir: Path,
                   source: str) -> list[dict]:
    """Serve ``source`` with ``streamlit run``, drive it through the scenario in Chromium."""
    app_dir.mkdir()
    (app_dir / "app.py").write_text(source, encoding="utf-8")
    log = app_dir / "calls.log"
    url = streamlit_server("app.py", cwd=app_dir, env={
        "PYTHONPATH": str(LEARNER_ENV),
        "SPEEDLIT_CALL_LOG": str(log),
        "SPEEDLIT_LATENCY_SCALE": "0",
    })
    wire = Wire(page)
    steps: list[dict] = []
    seen = {"calls": Counter(), "requests": 0, "finished": 0}  # what earlier steps accounted for

    def record(step: str) -> None:
        total = _log_counts(log)
        steps.append({
            "step": step,
            "calls": dict(total - seen["calls"]),
            "requests": wire.requests[seen["requests"]:],  # one rerun request per step expected
            "runs": dict(Counter(wire.finished[seen["finished"]:])),
        })
        seen.update(calls=total, requests=len(wire.requests), finished=len(wire.finished))

    page.goto(url)
    wire.wait_finished(1)
    wait_for_app(page)
    _expect_shown(page, INITIAL)
    record("open the app")

    for choice in CHOICES:
        before = len(wire.finished)
        _metric_box(page).click()
        page.get_by_role("option", name=choice, exact=True).click()
        wire.wait_finished(before + 1)
        wait_for_app(page)
        _expect_shown(page, choice)
        record(f"set {WIDGET!r} to {choice!r}")

    wait_for_app(page)  # nothing may trail the last step unaccounted for
    assert (len(wire.requests), len(wire.finished)) == (seen["requests"], seen["finished"]), \
        f"runs after the last step: requests {wire.requests}, finished {wire.finished}"
    assert _log_counts(log) == seen["calls"], "speedlit calls after the last step"
    assert wire.sockets == 1, "the page reconnected during the scenario; counts are unreliable"
    return steps


# ---------------------------------------------------------------- the harness side
@pytest.fixture(scope="module")
def harness():
    """The grading engine's public API; ``observe(source)`` → the scenario's observations."""
    from checkers import course
    from checkers.grading import Grader

    exercise = course.load_exercise(EXERCISE)
    with Grader() as grader:
        def observe(source: str) -> list[dict]:
            outcome = grader.observe(exercise, source)
            assert outcome.error is None, f"the harness could not run the app: {outcome.error}"
            steps = outcome.value["steps"]
            performed = [(s["step"].get("do"), s["step"].get("widget"), s["step"].get("value"))
                         for s in steps]
            assert performed == [("start", None, None)] + [("set", WIDGET, c) for c in CHOICES], \
                "the exercise's scenario changed; update CHOICES so the browser does the same"
            for s in steps:
                assert not s["problem"], f"harness step {s['said']!r} failed: {s['problem']}"
                assert not s["exceptions"], f"the app raised under the harness: {s['exceptions']}"
            return steps

        yield observe


def _tracked(calls: dict) -> dict:
    return {name: calls.get(name, 0) for name in TRACKED}


def _shown_values(display, label: str = WIDGET) -> list:
    """Values of the widgets labelled ``label`` in the harness's display tree."""
    if isinstance(display, list):
        return [v for node in display for v in _shown_values(node, label)]
    if not isinstance(display, dict):
        return []
    found = [display.get("value")] if display.get("label") == label else []
    return found + _shown_values(display.get("children", []), label)


def _speedlit_calls(calls: dict) -> dict:
    """The harness also counts file opens ("open:<file>"); the call log has speedlit calls only."""
    return {name: n for name, n in calls.items() if not name.startswith("open:")}


# ---------------------------------------------------------------- the tests
@pytest.mark.parametrize("app", ["solution", "starter"])
def test_harness_reruns_like_the_browser(app, page, streamlit_server, wait_for_app, tmp_path,
                                         harness):
    source = (EXERCISE_DIR / f"{app}.py").read_text(encoding="utf-8")

    browser = run_in_browser(page, streamlit_server, wait_for_app, tmp_path / "app", source)
    graded = harness(source)

    # Parity: the same work ran at every step, and the same kind of run happened.
    table = "\n".join(
        f"  {b['step']:<28} browser calls={b['calls']} runs={b['runs']} | "
        f"harness calls={g['calls']} runs={g['runs']}" for b, g in zip(browser, graded))
    assert [_tracked(s["calls"]) for s in browser] == [_tracked(s["calls"]) for s in graded], \
        f"{app}: per-step counts differ between a real browser and the harness:\n{table}"
    assert [s["calls"] for s in browser] == [_speedlit_calls(s["calls"]) for s in graded], table
    assert [s["runs"] for s in browser] == [s["runs"] for s in graded], \
        f"{app}: the server's runs (script/fragment) differ from the harness's:\n{table}"

    # Opening the app runs everything once, in both worlds.
    assert _tracked(browser[0]["calls"]) == {"header": 1, "chart_data": 1}
    assert browser[0]["runs"] == {"script": 1}
    assert [r["fragment_id"] for r in browser[0]["requests"]] == [""]

    # Both show the same selection at every step (the browser's is checked in run_in_browser).
    assert [_shown_values(s["display"]) for s in graded] == [[INITIAL]] + [[c] for c in CHOICES]

    changes = browser[1:]
    assert len(changes) == len(CHOICES)
    for step, observed in zip(changes, graded[1:]):
        assert len(step["requests"]) == 1, f"{step['step']}: rerun requests {step['requests']}"
        request = step["requests"][0]
        assert not request["is_auto_rerun"]
        if app == "solution":
            # Fragment-scoped: the browser names the fragment, only the chart's work reruns.
            assert request["fragment_id"], f"{step['step']}: the browser sent a full rerun"
            assert _tracked(step["calls"]) == {"header": 0, "chart_data": 1}, step
            assert step["runs"] == {"fragment": 1}, step
            assert observed["runs"] == {"fragment": 1}, observed["said"]
        else:
            # No fragment: every change reruns the whole script, header included.
            assert request["fragment_id"] == "", f"{step['step']}: unexpected fragment rerun"
            assert _tracked(step["calls"]) == {"header": 1, "chart_data": 1}, step
            assert step["runs"] == {"script": 1}, step
            assert observed["runs"] == {"script": 1}, observed["said"]
