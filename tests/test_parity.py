"""The judge and a real browser see the same runs, the same work and the same page.

Each app here is served by a real ``streamlit run`` and driven by Chromium, and graded by the
judge through the same interactions. Per step both sides must agree on what ran (whole
script or fragment, from the server's own ``new_session`` messages), which ``speedlit`` calls
it made (the server's call log against the judge's counts) and the probe lines the app
writes. Covered: widgets inside fragments, ``st.rerun(scope="fragment")``, forms, widgets
with ``on_change="ignore"``, ``st.rerun()``, stateful tabs, ``run_every`` timers, and the
exercises' own fragment app (solution and starter).
"""
from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from checkers.display import visible
from checkers.spec import choose, click, open_tab, set_value, start, tick

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.sandbox]

REPO = Path(__file__).resolve().parent.parent
LEARNER_ENV = REPO / "checkers" / "learner_env"
RUN_TIMEOUT = 15.0
PROBE = re.compile(r"^(PANEL|FORM|PAGE|HEAVY|LIGHT|CLOCK)\b.*")

INTERACTIONS = '''
import streamlit as st, speedlit
speedlit.slow("page", 0)
st.session_state.setdefault("adds", 0)
st.session_state.setdefault("nexts", 0)

@st.fragment
def panel():
    speedlit.slow("panel", 0)
    pick = st.selectbox("Inside", ["a", "b", "c"])
    if st.button("Add"):
        st.session_state.adds += 1
        st.rerun(scope="fragment")
    st.text(f"PANEL pick={pick} adds={st.session_state.adds}")
panel()

with st.form("filters"):
    region = st.selectbox("Region", ["North", "South"])
    units = st.number_input("Units", 0, 10, 3)
    st.form_submit_button("Apply")
st.text(f"FORM region={region} units={units}")

quiet = st.selectbox("Quiet", ["x", "y", "z"], on_change="ignore")
if st.button("Next"):
    st.session_state.nexts += 1
    st.rerun()
st.text(f"PAGE quiet={quiet} nexts={st.session_state.nexts}")

light, heavy = st.tabs(["Light", "Heavy"], on_change="rerun")
with light:
    st.text("LIGHT tab")
if heavy.open:
    speedlit.slow("heavy", 0)
    with heavy:
        st.text("HEAVY tab")
'''

TIMER = '''
import streamlit as st, speedlit
speedlit.slow("page", 0)

@st.fragment(run_every=1)
def clock():
    speedlit.slow("clock", 0)
    st.session_state.ticks = st.session_state.get("ticks", 0) + 1
    st.text(f"CLOCK ticks={st.session_state.ticks}")
clock()
'''


# ---------------------------------------------------------------- the browser side
class Wire:
    """The Streamlit WebSocket traffic of one page: rerun requests, runs started, runs ended."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[dict] = []
        self.started: list[str] = []   # "script" or "fragment", from new_session
        self.ended = 0                 # terminal script_finished messages
        page.on("websocket", self._socket)

    def _socket(self, socket) -> None:
        if socket.url.endswith("/_stcore/stream"):
            socket.on("framesent", self._sent)
            socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            msg = BackMsg.FromString(bytes(payload))
            if msg.WhichOneof("type") == "rerun_script":
                self.requests.append({"fragment_id": msg.rerun_script.fragment_id,
                                      "auto": msg.rerun_script.is_auto_rerun})

    def _received(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            msg = ForwardMsg.FromString(bytes(payload))
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.started.append("fragment" if msg.metadata.run.fragment_ids else "script")
            elif kind == "script_finished" and \
                    msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.ended += 1

    def settle(self, wait_for_app, quiet_ms: int = 400) -> None:
        """Wait until the app is idle and no request is left unanswered."""
        deadline = time.monotonic() + RUN_TIMEOUT
        while True:
            wait_for_app(self.page, settle=quiet_ms)
            answered = self.ended >= len([r for r in self.requests])
            if answered or time.monotonic() > deadline:
                return
            self.page.wait_for_timeout(50)


def probes_in_browser(page) -> list[str]:
    texts = page.locator("[data-testid='stText']:visible").all_inner_texts()
    return sorted(t.strip() for t in texts if PROBE.match(t.strip()))


def probes_in_judge(step: dict) -> list[str]:
    return sorted(e["value"] for e in visible(step["display"])
                  if e.get("type") == "text" and PROBE.match(str(e.get("value", ""))))


def log_counts(log: Path) -> Counter:
    if not log.exists():
        return Counter()
    return Counter(line for line in log.read_text(encoding="utf-8").splitlines() if line)


class Browser:
    """Serve an app, drive it in Chromium, record per step: calls, runs, probe lines."""

    def __init__(self, page, streamlit_server, wait_for_app, folder: Path, source: str):
        folder.mkdir()
        (folder / "app.py").write_text(source, encoding="utf-8")
        self.log = folder / "calls.log"
        self.url = streamlit_server("app.py", cwd=folder, env={
            "PYTHONPATH": f"{LEARNER_ENV}:{REPO}", "SPEEDLIT_CALL_LOG": str(self.log),
            "SPEEDLIT_LATENCY_SCALE": "0"})
        self.page, self.wait = page, wait_for_app
        self.wire = Wire(page)
        self.steps: list[dict] = []
        self.seen = {"calls": Counter(), "started": 0}

    def record(self, said: str) -> None:
        total = log_counts(self.log)
        self.steps.append({"said": said, "calls": dict(total - self.seen["calls"]),
                           "runs": dict(Counter(self.wire.started[self.seen["started"]:])),
                           "probes": probes_in_browser(self.page)})
        self.seen = {"calls": total, "started": len(self.wire.started)}

    def open(self) -> None:
        self.page.goto(self.url)
        self.wire.settle(self.wait)
        self.record("open the app")

    def act(self, said: str, action) -> None:
        action(self.page)
        self.page.wait_for_timeout(150)
        self.wire.settle(self.wait)
        self.record(said)


def choose_option(label: str, option: str):
    def act(page):
        page.get_by_role("combobox", name=label, exact=True).click()
        page.get_by_role("option", name=option, exact=True).click()
    return act


def press(label: str):
    return lambda page: page.get_by_role("button", name=label, exact=True).click()


def type_number(label: str, value: int):
    def act(page):
        box = page.get_by_label(label, exact=True)
        box.fill(str(value))
        box.press("Tab")
    return act


def tab(label: str):
    return lambda page: page.get_by_role("tab", name=label, exact=True).click()


@pytest.fixture(scope="module")
def grader():
    from checkers.grading import Grader

    with Grader() as g:
        yield g


def judged(grader, source: str, scenario: list[dict]) -> list[dict]:
    outcome = grader.run_app(source, scenario)
    assert outcome.error is None, outcome.error
    for step in outcome.value["steps"]:
        assert step["problem"] is None and not step["exceptions"], step
    return outcome.value["steps"]


def compare(browser_steps: list[dict], judge_steps: list[dict]) -> None:
    table = "\n".join(
        f"  {b['said']:<32} browser runs={b['runs']} calls={b['calls']} {b['probes']}\n"
        f"  {'':<32} judge   runs={j['runs']} calls={j['calls']} {probes_in_judge(j)}"
        for b, j in zip(browser_steps, judge_steps))
    assert len(browser_steps) == len(judge_steps)
    for b, j in zip(browser_steps, judge_steps):
        assert b["runs"] == j["runs"], f"runs differ at “{b['said']}”:\n{table}"
        assert b["calls"] == j["calls"], f"calls differ at “{b['said']}”:\n{table}"
        assert b["probes"] == probes_in_judge(j), f"page differs at “{b['said']}”:\n{table}"


# ---------------------------------------------------------------- the tests
def test_fragments_forms_ignore_reruns_and_tabs(page, streamlit_server, wait_for_app, tmp_path,
                                                 grader):
    steps = [
        ("open the app", None, start()),
        ("choose Inside b", choose_option("Inside", "b"), choose("Inside", "b")),
        ("click Add", press("Add"), click("Add")),
        ("choose Region South", choose_option("Region", "South"), choose("Region", "South")),
        ("type Units 7", type_number("Units", 7), set_value("Units", 7)),
        ("click Apply", press("Apply"), click("Apply")),
        ("choose Quiet z", choose_option("Quiet", "z"), choose("Quiet", "z")),
        ("click Next", press("Next"), click("Next")),
        ("open Heavy", tab("Heavy"), open_tab("Heavy")),
        ("open Light", tab("Light"), open_tab("Light")),
    ]
    browser = Browser(page, streamlit_server, wait_for_app, tmp_path / "app", INTERACTIONS)
    browser.open()
    for said, action, _ in steps[1:]:
        browser.act(said, action)
    compare(browser.steps, judged(grader, INTERACTIONS, [s for _, _, s in steps]))
    runs = [s["runs"] for s in browser.steps]
    assert runs == [{"script": 1}, {"fragment": 1}, {"fragment": 2}, {}, {}, {"script": 1}, {},
                    {"script": 2}, {"script": 1}, {"script": 1}]
    assert browser.wire.requests[1]["fragment_id"] and not browser.wire.requests[1]["auto"]


def test_run_every_timers(page, streamlit_server, wait_for_app, tmp_path, grader):
    browser = Browser(page, streamlit_server, wait_for_app, tmp_path / "app", TIMER)
    browser.page.goto(browser.url)
    wire = browser.wire
    deadline = time.monotonic() + RUN_TIMEOUT
    while len(wire.started) < 4 and time.monotonic() < deadline:  # the open + three timers
        page.wait_for_timeout(20)
    wait_for_app(page, settle=50)
    assert wire.started[:4] == ["script", "fragment", "fragment", "fragment"]
    assert all(r["auto"] and r["fragment_id"] for r in wire.requests[1:4])
    calls = log_counts(browser.log)
    assert calls["page"] == 1 and calls["clock"] >= 4
    steps = judged(grader, TIMER, [start(), tick(3)])
    assert steps[1]["runs"] == {"fragment": 3} and steps[1]["calls"] == {"clock": 3}
    assert probes_in_judge(steps[1]) == ["CLOCK ticks=4"]


@pytest.mark.parametrize("app", ["solution", "starter"])
def test_the_fragment_exercise_in_both_worlds(app, page, streamlit_server, wait_for_app,
                                              tmp_path, grader):
    """fragment-chart's scenario, clicked in Chromium and driven by the judge: the same calls
    and runs at every step; the solution reruns only the chart's fragment."""
    from checkers import course

    exercise = course.load_exercise("fragment-chart")
    source = (exercise.folder / f"{app}.py").read_text(encoding="utf-8")
    choices = [s["value"] for s in exercise.scenario if s.get("do") == "set"]
    browser = Browser(page, streamlit_server, wait_for_app, tmp_path / "app", source)
    browser.open()
    for choice in choices:
        browser.act(f"choose Metric {choice}", choose_option("Metric", choice))
    judge_steps = judged(grader, source, list(exercise.scenario))
    for b, j in zip(browser.steps, judge_steps):
        assert (b["runs"], b["calls"]) == (j["runs"], j["calls"]), (b, j["said"])
    expected = {"fragment": 1} if app == "solution" else {"script": 1}
    assert all(b["runs"] == expected for b in browser.steps[1:])
    assert all(bool(r["fragment_id"]) == (app == "solution") for r in browser.wire.requests[1:])


RELOADS = '''
import streamlit as st, speedlit
speedlit.slow("page", 0)
st.session_state.visits = st.session_state.get("visits", 0) + 1
st.query_params["seen"] = str(int(st.query_params.get("seen", 0)) + 1)
st.text(f"PAGE visits={st.session_state.visits} seen={st.query_params['seen']}")
with st.form("order", clear_on_submit=True):
    units = st.number_input("Units", 0, 10, 3)
    st.form_submit_button("Apply")
st.text(f"FORM units={units}")
st.button("Again")
'''


def test_reloads_and_forms_that_clear_on_submit(page, streamlit_server, wait_for_app, tmp_path,
                                                grader):
    """A reload is a new session at the URL the app set; a form with clear_on_submit shows
    its defaults again once submitted, and a later rerun still uses the submitted value."""
    from checkers.spec import reload

    steps = [
        ("open the app", None, start()),
        ("type Units 7", type_number("Units", 7), set_value("Units", 7)),
        ("click Apply", press("Apply"), click("Apply")),
        ("click Again", press("Again"), click("Again")),
        ("reload the page", lambda p: p.reload(), reload()),
        ("click Again", press("Again"), click("Again")),
    ]
    browser = Browser(page, streamlit_server, wait_for_app, tmp_path / "app", RELOADS)
    browser.open()
    shown = [page.get_by_label("Units", exact=True).input_value()]
    for said, action, _ in steps[1:]:
        browser.act(said, action)
        shown.append(page.get_by_label("Units", exact=True).input_value())
    judge_steps = judged(grader, RELOADS, [s for _, _, s in steps])
    compare(browser.steps, judge_steps)
    assert shown == [str(widget(j, "Units")) for j in judge_steps]
    assert shown == ["3", "7", "3", "3", "3", "3"]
    assert probes_in_judge(judge_steps[3]) == ["FORM units=7", "PAGE visits=3 seen=3"]
    assert [probes_in_judge(j) for j in judge_steps][4] == ["FORM units=3",
                                                            "PAGE visits=1 seen=4"]


def widget(step: dict, label: str):
    return next(e["value"] for e in visible(step["display"]) if e.get("label") == label)
