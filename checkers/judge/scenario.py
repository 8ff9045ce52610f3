"""Drive an app side through a scenario as a browser would, and record what happened.

The judge owns everything that decides a grade: it sends each user action as the BackMsg a
browser would send (``browser.Tab``), reads the app's messages into the page a browser would
show, answers the app's ``speedlit`` calls from the course's services (``checkers.services``)
and counts them, keeps the scenario clock, and reads the app's output. It trusts nothing it
receives: frames are size-capped and validated, a call's fields are type-checked, the output
is capped. The result (``run``) is plain data: one observation per step and the totals.
"""
from __future__ import annotations

import json
import os
import pickle
import select
import time
from collections import Counter
from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from checkers import services, wire
from checkers.judge import snapshot
from checkers.judge.browser import FINISHED_SUCCESSFULLY, Problem, Tab
from checkers.sandbox.guard import MESSAGES

MAX_TABS = 8
MAX_TICKS = 10
MAX_WAITING = 64
MAX_CALLS = 10_000
MAX_DETAILS = 256
MAX_TEXT = 2_000  # an error message as Streamlit words it, advice included
CACHE_FIELDS = {"kind": str, "function": str, "line": int, "ttl": (int, float),
                "max_entries": int, "persist": str, "scope": str, "refresh": str}
MARK = b"\0speedlit-violation "


class Stop(Exception):
    """The run cannot go on: ``kind`` and a learner-facing ``message``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message


class Judge:
    """One app side, judged. ``deadline`` ends the whole job; ``received_cap`` bounds the bytes
    the app may send in all, ``cpu_budget`` the judge's own CPU seconds for reading them."""

    def __init__(self, channel: int, output: int | None, *, variant: int = 0,
                 deadline: float, frame_cap: int = 16 << 20, output_cap: int = 1 << 20,
                 received_cap: int = 64 << 20, cpu_budget: float = 10.0,
                 live: bool = False) -> None:
        os.set_blocking(channel, False)
        self.reader = wire.Reader(channel, wire.APP_KINDS, frame_cap)
        self.received_cap, self.cpu_budget = received_cap, cpu_budget
        self.cpu_started = time.thread_time()
        self.violations: list[str] = []
        self.channel, self.output = channel, output
        self.variant, self.deadline, self.output_cap, self.live = variant, deadline, \
            output_cap, live
        self.tabs: dict[int, Tab] = {}
        self.clock = 0.0
        self.sent_clock = 0.0
        self.calls: Counter[str] = Counter()
        self.latency = 0.0
        self.waiting: list[dict] = []
        self.details: list[dict] = []  # every call counted: which cached functions it ran in
        self.retired: Counter[str] = Counter()  # runs of the sessions reloads ended
        self.output_tail = bytearray()
        self.output_total = 0
        self.call_total = 0
        self.max_tabs = MAX_TABS

    # ------------------------------------------------------------ channel
    def send(self, kind: bytes, body: bytes) -> None:
        """Write a frame before the deadline; an app that stops reading cannot hold the
        judge (what it sends meanwhile is read and kept for later)."""
        view = memoryview(wire.frame(kind, body))
        while view:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise Stop("timeout", "Your app stopped listening to the grader and did not "
                           "finish in time.")
            readable, writable, _ = select.select([self.channel], [self.channel], [], left)
            if readable and not self.reader.closed:
                self._pull()
            if writable:
                try:
                    view = view[os.write(self.channel, view):]
                except BlockingIOError:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    raise Stop("crash", "Your app stopped before the grader finished.") from None

    def _pull(self) -> None:
        self.reader.pull()
        if self.reader.received > self.received_cap:
            raise Stop("output", f"Your app sent the browser more than "
                       f"{self.received_cap >> 20} MB; show less.")

    def start(self, script: str | None = None, path: str | None = None) -> None:
        """Hand the app side its job: a script's source, or (trusted course code outside the
        sandbox) the path of one; wait until it is up."""
        job = {"path": path} if path else {
            "script": script,
            "latencies": {name: s.latency for name, s in services.CATALOGUE.items()}}
        self.send(wire.JOB, json.dumps(job).encode("utf-8", "surrogateescape"))
        self._pump(lambda: self._hello, "start your app")

    _hello = False

    def _pump(self, done, doing: str) -> None:
        """Handle frames and output until ``done()`` or the deadline."""
        while not done():
            self.spend()
            frame = self.reader.pop() if not self.reader.closed or self.reader.buffer else None
            if frame is not None:
                try:
                    self._handle(*frame)
                except Stop:
                    raise
                except Exception as exc:  # malformed beyond what any Streamlit sends
                    raise Stop("forbidden", "Your app sent the grader a message no browser "
                               f"could use ({type(exc).__name__}); that is not allowed.") from None
                continue
            if self.reader.closed:
                raise Stop("crash", f"Your app stopped while the grader tried to {doing}.")
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise Stop("timeout", f"Your app did not finish in time while the grader tried "
                           f"to {doing}. Look for a loop that never ends.")
            fds = [self.channel] + ([self.output] if self.output is not None else [])
            ready = select.select(fds, [], [], left)[0]
            if self.output is not None and self.output in ready:
                self._read_output()
            if self.channel in ready:
                self._pull()

    def printed(self) -> str:
        """The end of what the app printed (the guard's tripwire lines left out)."""
        text = bytes(self.output_tail).decode("utf-8", "replace")
        return "\n".join(line for line in text.split("\n") if MARK.decode() not in line)

    def spend(self) -> None:
        """Stop when reading what the app sends has cost the judge its CPU budget."""
        if time.thread_time() - self.cpu_started > self.cpu_budget:
            raise Stop("timeout", "Your app sent the grader more than it can read within the "
                       "time limit; show less.")

    def drain_output(self, deadline: float) -> None:
        """Read what the app still prints until it closes its output (or the deadline)."""
        while self.output is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.output], [], [], left)[0]:
                return
            try:
                self._read_output()
            except Stop:
                return

    def _read_output(self) -> None:
        chunk = os.read(self.output, 1 << 16)
        if not chunk:
            self.output = None
            return
        self.output_total += len(chunk)
        self.output_tail += chunk
        del self.output_tail[:-4096]
        self._tripwire(chunk)

    def _tripwire(self, chunk: bytes) -> None:
        """Lines the sandbox's guard writes when it refuses something (see guard.py); the
        message is rebuilt here from the guard's own words."""
        self._carry = (getattr(self, "_carry", b"") + chunk)[-8192:]
        while MARK in self._carry:
            before, _, rest = self._carry.partition(MARK)
            line, newline, after = rest.partition(b"\n")
            if not newline:
                self._carry = MARK + rest
                return
            self._carry = after
            rule, _, what = line.decode("utf-8", "replace").partition("\t")
            template = MESSAGES.get(rule.strip())
            if template and len(self.violations) < 20:
                self.violations.append(template.format(what=what[:200]))
        if self.output_total > self.output_cap:
            raise Stop("output", f"Your app printed more than {self.output_cap // 1024} KB; "
                       "print less (or nothing) while it runs.")

    def _handle(self, kind: bytes, body: bytes) -> None:
        if kind == wire.HELLO:
            self._hello = True
        elif kind == wire.FORWARD:
            number, raw = wire.untab(body)
            tab = self.tabs.get(number)
            if tab is None:
                return
            try:
                msg = ForwardMsg.FromString(raw)
            except Exception:
                raise Stop("forbidden", "Your app sent the browser a message that is not a "
                           "valid Streamlit message.") from None
            tab.receive(msg, self.clock)
        elif kind == wire.CALL:
            self._serve(wire.load_json(body, 1 << 16))
        elif kind == wire.DROPPED:
            info = wire.load_json(body, 4096)
            if type(info.get("tab")) is not int:
                raise ValueError("a dropped rerun without a tab number")
            tab = self.tabs.get(info["tab"])
            if tab is not None:  # a rerun of a fragment the app no longer has: nothing ran
                tab.finished, tab.running = FINISHED_SUCCESSFULLY, False
        elif kind == wire.EXITED:
            raise Stop("crash", "Your app called sys.exit(), which ends its run in the middle: "
                       "the page never finishes. A Streamlit script ends at its last line (or "
                       "at st.stop()).")

    # ------------------------------------------------------------ services
    def _serve(self, request: dict) -> None:
        ident, name, args = request.get("id"), request.get("name"), request.get("args")
        if type(ident) is not int or not isinstance(name, str) or not isinstance(args, list) \
                or type(request.get("tab")) is not int:
            raise ValueError("a service call with malformed fields")
        self.call_total += 1
        if self.call_total > MAX_CALLS:
            raise Stop("timeout", f"Your app asked the course's services more than {MAX_CALLS} "
                       "times in one grading. Look for a loop that never ends.")
        tab = self.tabs.get(request["tab"])
        try:
            answer = services.answer(name, args, services.Context(self.variant, self.clock))
        except services.ServiceError as exc:
            head = {"id": ident, "ok": False, "error": str(exc)}
            self.send(wire.ANSWER, json.dumps(head).encode() + b"\n")
            return
        self.calls[answer.counted_as] += 1
        self.latency += answer.latency
        if len(self.details) < MAX_DETAILS:
            self.details.append({"call": answer.counted_as, "session": request["tab"],
                                 "cached": _cached(request.get("cached"))})
        if tab is not None and len(self.waiting) < MAX_WAITING:
            self.waiting.append({"call": answer.counted_as, "session": tab.number,
                                 "clock": self.clock,
                                 "display": snapshot.page(tab.page, tab, light=True)})
        self._reply(ident, answer)

    def _reply(self, ident: int, answer: services.Answer) -> None:
        """Send a call's answer; ``live`` (a person is waiting) makes the wait real first."""
        if self.live and answer.latency > 0:
            time.sleep(min(answer.latency, 10.0))
        self.send(wire.ANSWER, reply(ident, answer))

    # ------------------------------------------------------------ tabs
    def tab(self, number: int) -> Tab:
        if number not in self.tabs:
            if len(self.tabs) >= self.max_tabs:
                raise Problem(f"at most {MAX_TABS} browser tabs")
            self.tabs[number] = Tab(number)
        return self.tabs[number]

    def close(self, tab: Tab) -> None:
        """Close a browser tab: its session ends on the app side."""
        self.tabs.pop(tab.number, None)
        self.send(wire.CLOSE, wire.TAB.pack(tab.number))

    def reload(self, tab: Tab, said: str) -> Tab:
        """The user reloads a browser tab: its session ends, and a new one starts at the URL
        the tab shows (query parameters the app set included). The old session's runs still
        count."""
        query = tab.query
        self.retired.update(_runs(tab.counted_runs()))
        self.close(tab)
        fresh = self.tab(tab.number)
        self.request(fresh, fresh.open(query=query), said)
        return fresh

    def request(self, tab: Tab, msg, doing: str) -> None:
        """Send a BackMsg and wait until the chain of runs it started has ended."""
        if msg is None:
            return
        if self.clock != self.sent_clock:
            self.send(wire.CLOCK, json.dumps({"offset": self.clock}).encode())
            self.sent_clock = self.clock
        self.send(wire.BACK, wire.tabbed(tab.number, msg.SerializeToString()))
        self._pump(lambda: tab.idle, doing)


def reply(ident: int, answer: services.Answer) -> bytes:
    """The body of an ``A`` frame answering call ``ident``."""
    return json.dumps({"id": ident, "ok": True}).encode() + b"\n" + answer.pickled()


def _cached(raw) -> list[dict]:
    """The app's account of the cached functions around a call, kept only as plain, bounded,
    well-typed data (it is untrusted: checks confirm it against the source)."""
    if not isinstance(raw, list):
        return []
    kept = []
    for item in raw[:8]:
        if not isinstance(item, dict):
            continue
        entry = {}
        for key, kind in CACHE_FIELDS.items():
            value = item.get(key)
            if isinstance(value, kind) and not isinstance(value, bool):
                entry[key] = value[:200] if isinstance(value, str) else value
            else:
                entry[key] = None
        kept.append(entry)
    return kept


def describe(step: dict) -> str:
    """How a step reads in feedback ("click 'Add'")."""
    action = step.get("do", "rerun")
    if action == "set":
        text = f"set {step['widget']!r} to {step['value']!r}"
    elif action == "click":
        text = f"click {step['widget']!r}"
    elif action == "tab":
        text = f"open the tab {step['widget']!r}"
    elif action == "expand":
        text = f"{'open' if step.get('value', True) else 'close'} the expander {step['widget']!r}"
    elif action in ("tick", "advance"):
        text = f"wait {step['seconds']:g} s"
    else:
        text = {"start": "open the app", "rerun": "rerun the app",
                "reload": "reload the page"}.get(action, str(action))
    if step.get("session"):
        text += f" (in browser tab {int(step['session']) + 1})"
    return text


def _perform(judge: Judge, tab: Tab, step: dict, said: str) -> None:
    action = step.get("do", "rerun")
    if action == "start":
        judge.request(tab, tab.open(), said)
    elif action == "rerun":
        judge.request(tab, tab.reload(), said)
    elif action == "set":
        judge.request(tab, tab.set(step["widget"], step["value"]), said)
    elif action == "click":
        judge.request(tab, tab.click(step["widget"]), said)
    elif action == "tab":
        judge.request(tab, tab.choose_tab(step["widget"]), said)
    elif action == "expand":
        judge.request(tab, tab.toggle_expander(step["widget"], bool(step.get("value", True))),
                      said)
    elif action == "reload":
        judge.reload(tab, said)
    elif action == "advance":
        judge.clock += float(step["seconds"])
    elif action == "tick":
        end = judge.clock + float(step["seconds"])
        fired = 0
        while fired < MAX_TICKS:
            due = [(t.due, n, f) for n, open_tab in judge.tabs.items()
                   for f, t in open_tab.timers.items() if t.due <= end]
            if not due:
                break
            when, number, fragment = min(due)
            judge.clock = max(judge.clock, when)
            owner = judge.tabs[number]
            owner.timers[fragment].due += owner.timers[fragment].interval
            judge.request(owner, owner.auto_rerun(fragment), said)
            fired += 1
        judge.clock = end
    else:
        raise Problem(f"unknown step {action!r}")


def run(judge: Judge, script: str, scenario: list[dict]) -> dict:
    """Run ``script`` through ``scenario``; one observation per step, plus totals."""
    judge.start(script)
    steps = []
    for index, step in enumerate(scenario):
        number = int(step.get("session", 0))
        said = describe(step)
        fresh = number not in judge.tabs
        tab = judge.tab(number)
        if fresh and step.get("do") not in ("start", "advance"):
            judge.request(tab, tab.open(), said)
        runs_before = {id(t): len(t.runs) for t in judge.tabs.values()}
        calls_before, latency_before = Counter(judge.calls), judge.latency
        judge.waiting, judge.details = [], []
        began = time.perf_counter()
        observation: dict[str, Any] = {"index": index, "step": step, "said": said,
                                       "session": number, "problem": None}
        try:
            _perform(judge, tab, step, said)
        except Problem as exc:
            observation["problem"] = str(exc)
        seconds = round(time.perf_counter() - began, 4)
        tab = judge.tabs.get(number, tab)  # a reload put a new session in this browser tab
        try:
            shown = snapshot.page(tab.page, tab)
            raised = snapshot.exceptions(tab.page) + _compile_error(tab)
        except Exception as exc:  # elements no Streamlit sends (a 100,000-deep chart spec)
            raise Stop("forbidden", "Your app sent the browser an element no browser could "
                       f"show ({type(exc).__name__}); that is not allowed.") from None
        judge.spend()
        observation.update(
            runs=_runs([r for t in judge.tabs.values()
                        for r in t.counted_runs(runs_before.get(id(t), 0))]),
            runs_by_session={str(n): _runs(t.counted_runs(runs_before.get(id(t), 0)))
                             for n, t in judge.tabs.items()},
            cut_short=sum(t.cut_short(runs_before.get(id(t), 0)) for t in judge.tabs.values()),
            clock=judge.clock,
            calls=dict(judge.calls - calls_before),
            seconds=seconds,
            latency=round(judge.latency - latency_before, 3),
            display=shown,
            exceptions=raised,
            waiting=judge.waiting,
            call_details=judge.details,
        )
        steps.append(observation)
    totals: Counter[str] = Counter(judge.retired)
    for tab in judge.tabs.values():
        totals.update(_runs(tab.counted_runs()))
    return {"steps": steps, "runs": dict(totals), "calls": dict(judge.calls)}


def _runs(kinds: list[str]) -> dict:
    return dict(Counter(kinds))


def _compile_error(tab: Tab) -> list[dict]:
    error = tab.compile_error
    if not error:
        return []
    return [{"type": error["type"], "message": error["message"][:MAX_TEXT], "line": None}]
