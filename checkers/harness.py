"""Drive a Streamlit script through scripted interactions and record what happened.

This module runs *inside the sandbox* (a forked child of the zygote, see ``checkers.sandbox``);
the entry point is :func:`run`. It builds on Streamlit's AppTest and adds what a browser does
and AppTest does not:

* **Fragment-scoped reruns.** When a widget inside ``@st.fragment`` changes, the browser sends
  a rerun request carrying that fragment's id, and only the fragment runs. AppTest reruns the
  whole script. Here every widget is mapped to the fragment that drew it (the ``fragment_id``
  on its delta) and the rerun request carries that id, exactly as the browser's does. A
  ``tick`` step fires ``run_every`` fragments the way the browser's timer would.
* **A persistent message queue per session**, so a fragment rerun updates only the fragment's
  part of the page, as in the browser.
* **Several sessions** in one process (one server, several browser tabs): Streamlit's caches
  are process-global, so ``st.cache_resource`` sharing is observable.
* **A controllable cache clock**: ``advance`` moves the clock Streamlit's TTL caches read, so
  expiry is tested without waiting.
* **Counts**: script runs and fragment runs (from the runner's own events), calls of
  ``speedlit.slow`` and opens of handed-out files (from an audit hook, which no code in the
  process can remove).
"""
from __future__ import annotations

import functools
import os
import re
import sys
import time
import traceback
from collections import Counter
from typing import Any
from urllib import parse

from streamlit.runtime.caching import cache_utils
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.runtime.scriptrunner import RerunData
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests
from streamlit.testing.v1 import app_test as _app_test
from streamlit.testing.v1.app_test import AppTest
from streamlit.testing.v1.element_tree import Widget, parse_tree_from_messages
from streamlit.testing.v1.local_script_runner import LocalScriptRunner, require_widgets_deltas

from checkers import display
from checkers.result import syntax_message

SCRIPT = "app.py"
MAX_TICKS_PER_STEP = 10

# ---------------------------------------------------------------- counting (audit hook)
def _install_counter() -> None:
    """Count ``speedlit.slow`` calls and reads of handed-out files in an audit hook's closure.

    The counts live where app code cannot reach them: hooks cannot be removed, and the only
    ways in are audit events. ``speedlit.arm`` starts counting from zero, once per process
    (in the forked child, never again), so an app can add to the counts but never lower them.
    """
    counts: Counter[str] = Counter()
    latency = [0.0]
    armed: list[str] = []

    def hook(event: str, args: tuple) -> None:
        if event == "speedlit.slow":
            if armed:
                counts[str(args[0])] += 1
                if len(args) > 1 and isinstance(args[1], float) and args[1] > 0:
                    latency[0] += args[1]
        elif event == "open":
            if armed and args and isinstance(args[0], str) and _reads(args[1]):
                path = args[0]
                if os.path.basename(path) != armed[0] and \
                        os.path.dirname(os.path.abspath(path)) == os.getcwd():
                    counts["open:" + os.path.basename(path)] += 1
        elif event == "speedlit.snapshot":
            args[0].update(counts)
            args[1].append(latency[0])
        elif event == "speedlit.arm" and not armed:
            armed.append(str(args[0]))

    sys.addaudithook(hook)


def _reads(mode: Any) -> bool:
    return isinstance(mode, str) and not any(c in mode for c in "wax+")


def counted() -> tuple[Counter[str], float]:
    """A copy of the counts so far, and the seconds of latency the counted calls declared."""
    box: dict[str, int] = {}
    latency: list[float] = []
    sys.audit("speedlit.snapshot", box, latency)
    return Counter(box), latency[0]


_install_counter()
_clock_offset = [0.0]


def _cache_clock() -> float:
    return time.monotonic() + _clock_offset[0]


cache_utils.TTLCACHE_TIMER = _cache_clock


# ---------------------------------------------------------------- the runner AppTest uses
_pending: dict[str, Any] = {}


class _ScopedRunner(LocalScriptRunner):
    """LocalScriptRunner that can carry a fragment id and keeps its session's message queue."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        session: Session | None = _pending.get("session")
        if session is None:
            return
        self.forward_msg_queue = session.queue
        self._session_id = session.session_id
        # The base class queued a full-script request; the browser's request replaces it.
        self._requests = ScriptRequests()
        self.on_event.connect(session.on_event, weak=False)

    def run(self, widget_state=None, query_params=None, timeout=3, page_hash="",
            context_info=None):
        if _pending.get("session") is None:
            return super().run(widget_state, query_params, timeout, page_hash, context_info)
        self.request_rerun(RerunData(
            widget_states=widget_state,
            query_string=parse.urlencode(query_params or {}, doseq=True),
            page_script_hash=page_hash,
            context_info=context_info,
            fragment_id=_pending.get("fragment_id"),
            is_auto_rerun=_pending.get("auto", False),
        ))
        try:
            if not self._script_thread:
                self.start()
            require_widgets_deltas(self, timeout)
        finally:
            self.join()
        return parse_tree_from_messages(self.forward_msgs())


_app_test.LocalScriptRunner = _ScopedRunner


class StepProblem(Exception):
    """A scripted interaction could not be performed (e.g. the widget is missing)."""


@functools.cache
def _components():
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


class Session(AppTest):
    """One browser session of the app: its own state, fragments and page."""

    def __init__(self, script_path: str, session_id: str, timeout: float) -> None:
        super().__init__(script_path, default_timeout=timeout)
        # Discovering installed components scans every package's metadata (~0.2 s); AppTest
        # does it once per instance, so every session shares one manager instead.
        self._bidi_component_manager = _components()
        self.session_id = session_id
        self.queue = ForwardMsgQueue()
        self.runs: Counter[str] = Counter()
        self.auto_fragments: dict[str, float] = {}
        self.open_tabs: dict[str, str] = {}

    def on_event(self, sender: Any, event: Any, **kwargs: Any) -> None:
        name = getattr(event, "name", "")
        if name == "SCRIPT_STARTED":
            fragments = kwargs.get("fragment_ids_this_run")
            self.runs["fragment" if fragments else "script"] += 1
            if not fragments:
                self.auto_fragments.clear()
        elif name == "ENQUEUE_FORWARD_MSG":
            msg = kwargs["forward_msg"]
            if msg.HasField("auto_rerun"):
                self.auto_fragments[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval

    def rerun(self, fragment_id: str | None = None, auto: bool = False) -> None:
        _pending.update(session=self, fragment_id=fragment_id, auto=auto)
        try:
            self._tree.run(timeout=self.default_timeout)
        finally:
            _pending.clear()

    def _run(self, widget_state=None, timeout=None):
        """Send the open tab of each stateful ``st.tabs`` along, as the browser does."""
        if widget_state is not None:
            for widget_id, label in self.open_tabs.items():
                state = widget_state.widgets.add()
                state.id, state.string_value = widget_id, label
        return super()._run(widget_state, timeout)

    def fragment_of(self, widget_id: str) -> str | None:
        """The id of the fragment that drew this widget, as the browser knows it."""
        for msg in self.queue._queue:
            if not msg.HasField("delta"):
                continue
            kind = msg.delta.WhichOneof("type")
            if kind == "new_element":
                elt = msg.delta.new_element
                proto = getattr(elt, elt.WhichOneof("type"))
            elif kind == "add_block":
                proto = msg.delta.add_block
            else:
                continue
            if getattr(proto, "id", None) == widget_id:
                return msg.delta.fragment_id or None
        return None

    def tabs_with(self, label: str) -> str:
        """The widget id of the ``st.tabs`` with a tab called ``label``: "" for plain tabs,
        which keep no state, so switching them in a browser reruns nothing."""
        def walk(block):
            for index in sorted(getattr(block, "children", {})):
                child = block.children[index]
                if getattr(child, "type", None) == "tab_container" and \
                        any(getattr(t, "label", None) == label for t in child.children.values()):
                    return child.proto.tab_container.id
                found = walk(child)
                if found is not None:
                    return found
            return None

        found = walk(self._tree)
        if found is None:
            raise StepProblem(f"no tab called {label!r}")
        return found

    def widget(self, ref: str) -> Widget:
        """Find a widget by its key, else by its label."""
        widgets = [n for n in self._tree if isinstance(n, Widget)]
        for attr in ("key", "label"):
            for node in widgets:
                if getattr(node, attr, None) == ref:
                    return node
        shown = ", ".join(repr(getattr(n, "label", n.key)) for n in widgets) or "none"
        raise StepProblem(f"no widget with key or label {ref!r} (widgets shown: {shown})")

    def state(self) -> dict:
        try:
            return display.plain(dict(self._session_state._state.filtered_state))
        except Exception:
            return {}


# ---------------------------------------------------------------- steps
def _perform(session: Session, step: dict) -> None:
    action = step.get("do", "rerun")
    if action in ("start", "rerun"):
        session.rerun()
    elif action == "click":
        node = session.widget(step["widget"])
        if not hasattr(node, "click"):
            raise StepProblem(f"{step['widget']!r} is a {node.type}, not a button")
        node.click()
        session.rerun(session.fragment_of(node.id))
    elif action == "set":
        node = session.widget(step["widget"])
        try:
            node.set_value(step["value"])
        except Exception as exc:
            raise StepProblem(f"could not set {step['widget']!r} to {step['value']!r}: {exc}")
        if not getattr(node.proto, "form_id", ""):  # a form holds changes until it is submitted
            session.rerun(session.fragment_of(node.id))
    elif action == "tab":
        container = session.tabs_with(step["widget"])
        if container:  # plain st.tabs keep no state: switching them reruns nothing
            session.open_tabs[container] = step["widget"]
            session.rerun(session.fragment_of(container))
    elif action == "advance":
        _clock_offset[0] += float(step["seconds"])
    elif action == "tick":
        _tick(session, float(step["seconds"]))
    else:
        raise StepProblem(f"unknown step {action!r}")


def _tick(session: Session, seconds: float) -> None:
    """Let ``seconds`` pass: fire each ``run_every`` fragment as the browser's timer would."""
    _clock_offset[0] += seconds
    for fragment_id, interval in list(session.auto_fragments.items()):
        fires = min(MAX_TICKS_PER_STEP, int(seconds // interval) if interval > 0 else 0)
        for _ in range(fires):
            session.rerun(fragment_id, auto=True)


_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')


def exceptions(raw_tree) -> list[dict]:
    """Errors the app displayed, with the line of the learner's script that raised them."""
    found = []
    for node in raw_tree:
        if getattr(node, "type", None) != "exception":
            continue
        line = None
        for frame in node.proto.stack_trace:
            match = _LINE.search(frame)
            if match and os.path.basename(match["file"]) == SCRIPT:
                line = int(match["line"])
        found.append({"type": node.proto.type, "message": node.proto.message[:500],
                      "line": line})
    return found


def _describe(step: dict) -> str:
    action = step.get("do", "rerun")
    if action in ("set",):
        return f"set {step['widget']!r} to {step['value']!r}"
    if action == "click":
        return f"click {step['widget']!r}"
    if action == "tab":
        return f"open the tab {step['widget']!r}"
    if action in ("tick", "advance"):
        return f"wait {step['seconds']:g} s"
    return {"start": "open the app", "rerun": "rerun the app"}.get(action, action)


def describe(step: dict) -> str:
    """How a step reads in feedback ("click 'Add'")."""
    text = _describe(step)
    if step.get("session"):
        text += f" (in browser tab {int(step['session']) + 1})"
    return text


def run_scenario(source_path: str, scenario: list[dict], timeout: float = 5.0) -> dict:
    """Run the script through ``scenario``; one observation per step, plus totals."""
    sessions: dict[int, Session] = {}
    _clock_offset[0] = 0.0
    steps = []
    for index, step in enumerate(scenario):
        number = int(step.get("session", 0))
        if number not in sessions:
            sessions[number] = Session(source_path, f"speedlit-session-{number}", timeout)
            if step.get("do") != "start":
                sessions[number].rerun()
        session = sessions[number]
        before_runs, (before_calls, before_latency) = Counter(session.runs), counted()
        began = time.perf_counter()
        observation: dict[str, Any] = {"index": index, "step": step, "said": describe(step),
                                       "session": number, "problem": None}
        try:
            _perform(session, step)
        except StepProblem as exc:
            observation["problem"] = str(exc)
        except RuntimeError as exc:
            if "timed out" in str(exc):
                return {"error": {"kind": "timeout", "message":
                        f"Your app did not finish within {timeout:g} s while the grader "
                        f"tried to {describe(step)}. Look for a loop that never ends."}}
            raise
        seconds = time.perf_counter() - began
        shown = display.tree(session._tree)
        calls_now, latency_now = counted()
        observation.update(
            runs=dict(session.runs - before_runs),
            calls=dict(calls_now - before_calls),
            seconds=round(seconds, 4),
            latency=round(latency_now - before_latency, 3),
            display=shown,
            state=session.state(),
            exceptions=exceptions(session._tree),
        )
        steps.append(observation)
    total_runs: Counter[str] = Counter()
    for session in sessions.values():
        total_runs.update(session.runs)
    return {"steps": steps, "runs": dict(total_runs), "calls": dict(counted()[0])}


def run(payload: dict) -> dict:
    """Sandbox entry: ``payload`` = {"script", "scenario", "timeout"}; files are in the cwd."""
    import speedlit

    speedlit.LATENCY_SCALE = 0.0
    script = os.path.abspath(payload.get("script", SCRIPT))
    try:
        with open(script, encoding="utf-8") as handle:
            compile(handle.read(), SCRIPT, "exec")
    except SyntaxError as exc:
        return {"error": {"kind": "syntax", "message": syntax_message(exc)}}
    guard = _Integrity(speedlit)
    sys.audit("speedlit.arm", os.path.basename(script))
    try:
        result = run_scenario(script, payload["scenario"], float(payload.get("timeout", 5)))
    except MemoryError:
        return {"error": {"kind": "memory", "message": MEMORY_MESSAGE}}
    tampered = guard.changed()
    if tampered:
        return {"error": {"kind": "forbidden", "message": tampered}}
    if any(e["type"] == "MemoryError" for s in result.get("steps", []) for e in s["exceptions"]):
        return {"error": {"kind": "memory", "message": MEMORY_MESSAGE}}
    return result


MEMORY_MESSAGE = ("Your app ran out of memory (it tried to use more than the exercise allows). "
                  "Look for a list or string that grows without end.")


class _Integrity:
    """Notices when the app replaced the instruments the grader reads."""

    def __init__(self, speedlit_module) -> None:
        self._module = speedlit_module
        self._before = self._snapshot()

    def _snapshot(self) -> dict[str, int]:
        module = self._module
        shot = {f"speedlit.{name}": id(value) for name, value in vars(module).items()
                if name not in ("calls", "LATENCY_SCALE")}
        shot.update({
            "speedlit.slow's code": id(getattr(module.slow, "__code__", None)),
            "sys.modules['speedlit']": id(sys.modules.get("speedlit")),
            "sys.audit": id(sys.audit),
            "the cache clock": id(cache_utils.TTLCACHE_TIMER),
            "the test runner": id(_app_test.LocalScriptRunner),
        })
        return shot

    def changed(self) -> str | None:
        now = self._snapshot()
        for name, ident in self._before.items():
            if now.get(name) != ident:
                return (f"Your code replaced {name}, which the grader uses to count work. "
                        "Leave the course's instruments alone and make the app itself faster.")
        return None


WARM_UP_APP = '''
import streamlit as st, pandas as pd, numpy as np, speedlit

@st.cache_data(ttl=60, max_entries=4)
def load(n):
    speedlit.slow("warm", 0)
    return pd.DataFrame({"x": np.arange(n), "y": np.arange(n) * 2.0})

@st.cache_resource
def model():
    return {"w": 2}

st.title("warm up")
if "n" not in st.session_state:
    st.session_state.n = 0
df = load(5)
st.dataframe(df)
st.line_chart(df, x="x", y="y")
st.bar_chart(df)
st.metric("rows", len(df), 1)
st.json({"a": 1})
with st.spinner("wait"):
    st.progress(50, text="half")
tab1, tab2 = st.tabs(["a", "b"])
tab1.write("a")
with st.expander("more"):
    st.table(df.head(2))
with st.form("f"):
    st.text_input("name")
    st.form_submit_button("go")

@st.fragment(run_every=1)
def part():
    choice = st.selectbox("metric", ["x", "y"], key="metric")
    st.write(choice, model()["w"])
    if st.button("again"):
        st.rerun(scope="fragment")
part()
st.slider("rows", 1, 10, 3)
st.number_input("k", 0, 5, 1)
st.checkbox("c")
st.radio("r", ["a", "b"])
'''


def warm_up() -> None:
    """Run apps once in the zygote, before any fork, so that lazy imports and first-call set-up
    (pandas parsers, Arrow conversion, chart specs, component discovery) are paid once per
    worker instead of once per grading: a sample app, then every exercise's reference solution
    through the first steps of its scenario (trusted course code, in a throw-away folder)."""
    import speedlit

    scale, speedlit.LATENCY_SCALE = speedlit.LATENCY_SCALE, 0.0
    home = os.getcwd()
    try:
        apps = [(WARM_UP_APP, {}, [{"do": "start"}, {"do": "set", "widget": "metric", "value": "y"},
                                   {"do": "tick", "seconds": 1}, {"do": "click", "widget": "go"},
                                   {"do": "start", "session": 1}])]
        apps += _course_apps()
        for source, files, scenario in apps:
            _warm(source, files, scenario)
    finally:
        os.chdir(home)
        speedlit.LATENCY_SCALE = scale


def _course_apps() -> list[tuple[str, dict, list]]:
    from checkers import course

    try:
        return [(e.solution, e.handed_out(), list(e.scenario)[:2]) for e in course.exercises()]
    except Exception:
        traceback.print_exc()
        return []


def _warm(source: str, files: dict[str, bytes], scenario: list[dict]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for name, data in {**files, SCRIPT: source.encode()}.items():
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
        os.chdir(folder)
        try:
            run_scenario(os.path.join(folder, SCRIPT), scenario)
        except Exception:
            traceback.print_exc()
