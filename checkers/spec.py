"""The vocabulary an exercise's ``checks.py`` is written in: steps, checks and mistakes.

An exercise declares *what a good app does* — a scenario of interactions and checks on what
the judge observed — never how the code must look. Checks judge behaviour (how often each
service ran, step by step, compared with the reference solution's run; what the page showed
after each step and while the work ran; what Streamlit itself held as the cache
configuration). Named mistakes explain a failing check from the code, pointing at the
learner's line. So any correct solution passes, and a wrong one hears why — once.

Example ``checks.py``::

    from checkers.spec import *

    SCENARIO = [start(), choose("Region", "West"), click("Refresh"), start(session=1)]
    CHECKS = [
        no_problems(),
        calls("read_sales", exactly=1, points=3, task=1, name="The dataset loads once"),
        cached_as("read_sales", "cache_data", points=1, task=1, requires="The dataset loads once"),
        same_page(points=2, task=2),
    ]
    MISTAKES = [
        Mistake("not-cached", check="The dataset loads once", when=not_cached("read_sales"),
                message="`load` is not cached, so every rerun reads the file again …"),
    ]

Counts may be given relative to the reference: ``at_least=REF`` is "as often as the
reference solution needed", so deleting the work never passes.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable

from checkers import display, rules
from checkers.rules import *  # noqa: F401,F403 — the mistake rules, part of the vocabulary
from checkers.rules import (cache_option, cached_by_python, cached_kind, not_cached,
                            partly_cached, say_option, stored_in_session)
from checkers.static import (Finding, all_of, cached_functions, call_outside, decorated_with,
                             functions_doing, lacks_decorator, missing_cache_option, raised,
                             resets_state, top_level, touches_state)

__all__ = [
    "start", "choose", "set_value", "click", "open_tab", "expand", "rerun", "reload", "tick", "advance",
    "Context", "Verdict", "Check", "Mistake", "CRASH", "REF",
    "calls", "calls_match", "runs", "runs_match", "same_page", "same_display", "open_tabs",
    "once_per_value", "fragment_only", "shows", "shows_while", "progress_moves",
    "nothing_left", "cached_as", "cached_with", "no_problems", "refreshes_every",
    "live_number", "only_while_open", "step_times", "expand",
    "Finding", "all_of", "call_outside", "decorated_with", "functions_doing", "raised",
    "resets_state", "top_level", "touches_state", "times", "plural",
    "STEP_KINDS", "static", "cached_functions", "lacks_decorator", "missing_cache_option",
    *rules.__all__,
]

STEP_KINDS = ("start", "set", "click", "tab", "expand", "rerun", "reload", "tick", "advance")


# ---------------------------------------------------------------- steps (plain data)
def start(session: int = 0) -> dict:
    """Open the app (in browser tab ``session``)."""
    return {"do": "start", "session": session}


def set_value(widget: str, value: Any, session: int = 0) -> dict:
    """Set a widget (found by key, else label) to ``value``, as a user would."""
    return {"do": "set", "widget": widget, "value": value, "session": session}


choose = set_value


def click(widget: str, session: int = 0) -> dict:
    """Click a button (found by key, else label)."""
    return {"do": "click", "widget": widget, "session": session}


def open_tab(label: str, session: int = 0) -> dict:
    """Open a tab of ``st.tabs`` by its label (a stateful one reruns the app)."""
    return {"do": "tab", "widget": label, "session": session}


def expand(label: str, opened: bool = True, session: int = 0) -> dict:
    """Open (or close) an expander by its label: the browser's own business, no rerun."""
    return {"do": "expand", "widget": label, "value": opened, "session": session}


def rerun(session: int = 0) -> dict:
    """Rerun the app with nothing changed (the user pressed R)."""
    return {"do": "rerun", "session": session}


def reload(session: int = 0) -> dict:
    """Reload the browser tab (F5): a new session at the URL the tab shows, query
    parameters included; session state starts over."""
    return {"do": "reload", "session": session}


def tick(seconds: float, session: int = 0) -> dict:
    """Let time pass in an open tab: ``run_every`` fragments fire, caches age."""
    return {"do": "tick", "seconds": seconds, "session": session}


def advance(seconds: float) -> dict:
    """Move the clock Streamlit's caches read, without any rerun."""
    return {"do": "advance", "seconds": seconds}


# ---------------------------------------------------------------- judging
class _Reference:
    """``REF``: a count bound that is whatever the reference solution's run needed."""

    def __repr__(self) -> str:
        return "REF"


REF = _Reference()


@dataclass
class Context:
    """What a check may look at: the learner's run, the reference run, and the code."""

    observed: dict
    reference: dict
    source: str
    tree: ast.Module | None

    @property
    def steps(self) -> list[dict]:
        return self.observed["steps"]

    @property
    def ref_steps(self) -> list[dict]:
        return self.reference["steps"]

    def total_calls(self, name: str, reference: bool = False) -> int:
        run = self.reference if reference else self.observed
        return int(run.get("calls", {}).get(name, 0))

    def total_runs(self, kind: str, reference: bool = False) -> int:
        run = self.reference if reference else self.observed
        return sum(int(s.get("runs", {}).get(kind, 0)) for s in run["steps"])

    def details(self, work: str) -> list[tuple[dict, dict]]:
        """(step, call detail) for every call of ``work`` the judge recorded."""
        return [(step, d) for step in self.steps for d in step.get("call_details", [])
                if d.get("call") == work]


@dataclass
class Verdict:
    """A failed check's explanation; ``line`` points into the learner's code when known."""

    message: str
    line: int | None = None


Judge = Callable[[Context], "Verdict | str | None"]


@dataclass
class Check:
    """``requires``: names of checks that must pass before this one can (a check that only
    forbids a mistake scores only once the task it guards is done)."""

    name: str
    points: int
    judge: Judge
    task: int | None = None
    requires: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.requires, str):
            self.requires = (self.requires,)

    def evaluate(self, ctx: Context) -> Verdict | None:
        verdict = self.judge(ctx)
        if verdict is None:
            return None
        return verdict if isinstance(verdict, Verdict) else Verdict(str(verdict))


CRASH = "the app stops with an error"


@dataclass
class Mistake:
    """A known wrong turn: how to recognise it, and what to tell the learner.

    ``{found}`` in the message is replaced by what the rule found (its Finding's message).
    ``mistakes/<name>.py`` beside ``checks.py`` is an example program that makes it;
    ``python -m checkers selftest`` proves the example really gets this message. A mistake's
    message is given once, under the first failing check it explains.
    """

    name: str
    message: str
    when: Callable[[Context], Finding | None]
    check: str | tuple[str, ...] | None = None  # the check(s) this explains; None: any;
    #                                               CRASH: the app stopped with an error

    def explains(self, check: str) -> bool:
        if self.check is None:
            return True
        return check in ((self.check,) if isinstance(self.check, str) else self.check)

    def diagnose(self, ctx: Context) -> Finding | None:
        return self.when(ctx)


def times(n: int) -> str:
    """"once", "twice", "3 times": how feedback counts."""
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def plural(n: int, noun: str) -> str:
    """"1 status box", "3 status boxes"."""
    if n == 1:
        return f"1 {noun}"
    if noun.endswith(("s", "x", "ch", "sh")):
        return f"{n} {noun}es"
    return f"{n} {noun}s"


def _bound(value, reference: int) -> int | None:
    return reference if value is REF else value


# ---------------------------------------------------------------- counts
def calls(work: str, *, exactly=None, at_most=None, at_least=None, points: int = 1,
          task: int | None = None, what: str | None = None, name: str | None = None,
          requires=()) -> Check:
    """The course service ``work`` (``speedlit.<work>(...)``) ran N times in all; any bound
    may be ``REF``, the reference run's total."""
    label = what or f"`{work}`"

    def judge(ctx: Context) -> str | None:
        n, ref = ctx.total_calls(work), ctx.total_calls(work, reference=True)
        steps = len(ctx.steps)
        low, high, same = _bound(at_least, ref), _bound(at_most, ref), _bound(exactly, ref)
        if same is not None and n != same:
            return (f"{label} ran {times(n) if n else 'not at all'} over the {steps} steps; "
                    f"the task needs it {times(same)}.")
        if high is not None and n > high:
            return f"{label} ran {times(n)} over the {steps} steps; at most {high} allowed."
        if low is not None and n < low:
            return (f"{label} ran {times(n) if n else 'not at all'} over the {steps} steps; "
                    f"the task needs it at least {times(low)}: the app cannot show its "
                    "results without it.")
        return None

    bound = exactly if exactly is not None else at_most if at_most is not None else at_least
    said = "as often as the task needs" if bound is REF else times(bound or 0)
    return Check(name or f"{label} runs {said}", points, judge, task, requires)


def calls_match(work: str, *, steps: tuple[int, ...] | None = None, points: int = 1,
                task: int | None = None, what: str | None = None, name: str | None = None,
                why_extra: str = "", why_missing: str = "", requires=()) -> Check:
    """Step by step, ``work`` ran exactly as often as in the reference run (only the steps
    numbered in ``steps``, when given): never skipped where the task needs it, never repeated
    where the task avoids it. Design the scenario so that every correct app gives the same
    counts (e.g. a ttl's bounds: look only where every allowed ttl agrees)."""
    label = what or f"`{work}`"

    def judge(ctx: Context) -> str | None:
        for index, (mine, ref) in enumerate(zip(ctx.steps, ctx.ref_steps)):
            if steps is not None and index not in steps:
                continue
            got, want = int(mine["calls"].get(work, 0)), int(ref["calls"].get(work, 0))
            if got > want:
                extra = f" {why_extra}" if why_extra else ""
                if want == 0:
                    return f"“{mine['said']}” ran {label} {times(got)}; it need not run then.{extra}"
                return (f"“{mine['said']}” ran {label} {times(got)}; {times(want)} is "
                        f"enough.{extra}")
            if got < want:
                missing = f" {why_missing}" if why_missing else ""
                return (f"“{mine['said']}” ran {label} {times(got) if got else 'not at all'}; "
                        f"the task needs it {times(want)} then.{missing}")
        return None

    return Check(name or f"{label} runs when the task needs it, and only then", points, judge,
                 task, requires)


def runs(kind: str = "script", *, exactly=None, at_most=None, at_least=None, points: int = 1,
         task: int | None = None, name: str | None = None, requires=()) -> Check:
    """The whole script (``kind="script"``) or fragments (``"fragment"``) ran N times; any
    bound may be ``REF``."""
    noun = "the whole script" if kind == "script" else "a fragment"

    def judge(ctx: Context) -> str | None:
        n, ref = ctx.total_runs(kind), ctx.total_runs(kind, reference=True)
        low, high, same = _bound(at_least, ref), _bound(at_most, ref), _bound(exactly, ref)
        if same is not None and n != same:
            return f"{noun.capitalize()} ran {times(n)}; the task needs {times(same)}."
        if high is not None and n > high:
            return f"{noun.capitalize()} ran {times(n)}; at most {times(high)} expected."
        if low is not None and n < low:
            return f"{noun.capitalize()} ran {times(n)}; at least {times(low)} expected."
        return None

    return Check(name or f"{noun} runs the expected number of times", points, judge, task,
                 requires)


def runs_match(kind: str = "script", *, points: int = 1, task: int | None = None,
               name: str | None = None, requires=()) -> Check:
    """Step by step, the whole script (or a fragment) reran exactly when the reference's did."""
    noun = "the whole script" if kind == "script" else "a fragment"

    def judge(ctx: Context) -> str | None:
        for mine, ref in zip(ctx.steps, ctx.ref_steps):
            got, want = int(mine["runs"].get(kind, 0)), int(ref["runs"].get(kind, 0))
            if got != want:
                return (f"“{mine['said']}” ran {noun} {times(got) if got else 'not at all'}; "
                        f"the task needs {times(want) if want else 'no run'} then.")
        return None

    return Check(name or f"{noun.capitalize()} reruns only when it must", points, judge, task,
                 requires)


def once_per_value(work: str, widget: str, *, points: int = 1, task: int | None = None,
                   noun: str = "value", name: str | None = None, requires=()) -> Check:
    """``work`` runs once for each distinct value the ``widget`` (by label) shows in the
    scenario, and never again for a value it already ran for (e.g. a cache keyed by it)."""

    def judge(ctx: Context) -> str | None:
        done: set = set()
        for step in ctx.steps:
            value = display.key(display.widget_value(step, widget))
            ran = int(step["calls"].get(work, 0))
            if ran and value in done:
                return (f"After “{step['said']}”, `{work}` ran again for a {noun} it had "
                        "already run for.")
            if ran > 1:
                return f"During “{step['said']}”, `{work}` ran {times(ran)}."
            if ran:
                done.add(value)
        shown = {display.key(display.widget_value(s, widget)) for s in ctx.ref_steps
                 if display.widget_value(s, widget) is not None}
        total = ctx.total_calls(work)
        if total != len(shown):
            return (f"`{work}` ran {times(total) if total else 'not at all'} over the "
                    f"{len(ctx.steps)} steps; the scenario shows {plural(len(shown), noun)}, "
                    f"so it should run {times(len(shown))}: once per {noun}.")
        return None

    return Check(name or f"`{work}` runs once per {noun}", points, judge, task, requires)


def fragment_only(widget: str, *, points: int = 1, task: int | None = None,
                  name: str | None = None, requires=()) -> Check:
    """Every interaction with ``widget`` reran only a fragment, never the whole script."""

    def judge(ctx: Context) -> str | None:
        touched = [s for s in ctx.steps if s["step"].get("widget") == widget]
        if not touched:
            return f"The grader never found the widget {widget!r}."
        for step in touched:
            if step.get("problem"):
                return f"The grader could not “{step['said']}”: {step['problem']}."
            if step["runs"].get("script"):
                return (f"When the grader did “{step['said']}”, the whole script reran. "
                        f"Put {widget!r} inside an @st.fragment function so only that part "
                        "reruns.")
            if not step["runs"].get("fragment"):
                return f"When the grader did “{step['said']}”, nothing reran."
        return None

    return Check(name or f"Changing {widget!r} reruns only its fragment", points, judge, task,
                 requires)


# ---------------------------------------------------------------- the page
def open_tabs(steps: "list[dict] | Context") -> list[str | None]:
    """The label of the open tab after each step: the last one the scenario opened in that
    browser tab, else the page's first tab (a browser's default)."""
    if isinstance(steps, Context):
        steps = steps.steps
    current: dict[int, str] = {}
    out = []
    for step in steps:
        if step["step"].get("do") == "tab":
            current[step["session"]] = step["step"]["widget"]
        out.append(current.get(step["session"]) or display.first_tab(step["display"]))
    return out


def _masked(view: list[dict], live: tuple[str, ...]) -> list[dict]:
    """The page with the values of the live elements (by label) hidden: ``live_number``
    judges those, since a panel on another timer may show an answer seconds older."""
    out = []
    for item in view:
        if "children" in item:
            out.append({**item, "children": _masked(item["children"], live)})
        elif item.get("label") in live and "value" in item:
            out.append({**item, "value": "…"})
        else:
            out.append(item)
    return out


def same_page(*, points: int = 1, task: int | None = None, ignore: tuple[str, ...] = (),
              open_tab_only: bool = False, steps: tuple[int, ...] | None = None,
              live: tuple[str, ...] = (), alike: dict | None = None,
              optional: tuple[str, ...] = (),
              name: str = "The page looks as it should, after every step",
              requires=()) -> Check:
    """After every step (or those numbered in ``steps``) the page, as a user sees it (see
    ``display.seen``: layout containers, element kinds and what they show; a hidden index
    and cleared placeholders ignored) is the reference's. With ``open_tab_only`` only the
    open tab of each ``st.tabs`` counts, as a user sees it. ``live``: labels of elements
    whose value is judged by ``live_number`` instead. ``ignore`` and ``alike``: kinds left
    out or taken for another (see ``display.seen``), where the task allows either;
    ``optional``: container kinds the learner's page may do without (when it has none, the
    reference's are dissolved too; when it has one, it must be where the reference's is)."""

    def judge(ctx: Context) -> str | None:
        mine_tabs, ref_tabs = open_tabs(ctx.steps), open_tabs(ctx.ref_steps)
        for index, (mine, ref) in enumerate(zip(ctx.steps, ctx.ref_steps)):
            if steps is not None and index not in steps:
                continue
            got = display.seen(mine["display"], open_only=open_tab_only,
                               tab=mine_tabs[index], ignore=ignore, alike=alike)
            absent = tuple(k for k in optional if not _all_kinds(got, k))
            want = display.seen(ref["display"], open_only=open_tab_only,
                                tab=ref_tabs[index], ignore=ignore + absent, alike=alike)
            if live:
                got, want = _masked(got, live), _masked(want, live)
            difference = display.difference(got, want)
            if difference:
                return f"After “{mine['said']}”: {difference}"
        return None

    return Check(name, points, judge, task, requires)


same_display = same_page  # the name earlier exercises used


def _all_kinds(view: list[dict], kind: str) -> bool:
    return any(item.get("type") == kind or _all_kinds(item.get("children", []), kind)
               for item in view)


def _texts(items: list[dict]) -> list[str]:
    out = []
    for item in items:
        for key in ("value", "label", "text"):
            if isinstance(item.get(key), str):
                out.append(item[key])
    return out


def _has(view: list[dict], text: str | None, kinds: tuple[str, ...]) -> bool:
    items = _all_nodes(view)
    if kinds and any(i.get("type") in kinds and (text is None or text in " ".join(_texts([i])))
                     for i in items):
        return True
    if not kinds and text is not None:
        return any(text in t for t in _texts(items))
    return False


def _all_nodes(view: list[dict]) -> list[dict]:
    out = []
    for item in view:
        out.append(item)
        out.extend(_all_nodes(item.get("children", [])))
    return out


def shows(text: str, *, after: int | None = None, points: int = 1, task: int | None = None,
          name: str | None = None, requires=()) -> Check:
    """Some element contains ``text`` after step ``after`` (default: the last step)."""

    def judge(ctx: Context) -> str | None:
        step = ctx.steps[after if after is not None else -1]
        if _has(step["display"], text, ()):
            return None
        return f"After “{step['said']}” the app does not show “{text}”."

    return Check(name or f"The app shows “{text}”", points, judge, task, requires)


def shows_while(work: str, *, text: str | None = None, kinds: tuple[str, ...] = (),
                what: str, points: int = 1, task: int | None = None, name: str | None = None,
                requires=()) -> Check:
    """While ``work`` runs — at every one of its calls, the page as the browser shows it at
    that moment — an element of one of ``kinds`` (e.g. ``("spinner", "status")``) and/or
    text containing ``text`` is on the page. ``what`` says it in feedback ("a message
    saying the report is being built")."""

    def judge(ctx: Context) -> str | None:
        seen_any = False
        for step in ctx.steps:
            for waiting in step.get("waiting", []):
                if waiting.get("call") != work:
                    continue
                seen_any = True
                if not _has(waiting["display"], text, kinds):
                    return (f"While `{work}` ran during “{step['said']}”, the page did not "
                            f"show {what}. Show it before the work starts, so the user sees "
                            "it while they wait.")
        if not seen_any:
            return f"`{work}` never ran, so nothing could be shown while it ran."
        return None

    return Check(name or f"While `{work}` runs, the page shows {what}", points, judge, task,
                 requires)


def _progress(view: list[dict]) -> list[int]:
    return [int(i.get("value", 0)) for i in _all_nodes(view) if i.get("type") == "progress"]


def progress_moves(work: str, *, points: int = 1, task: int | None = None,
                   name: str | None = None, requires=()) -> Check:
    """A progress bar is on the page while ``work`` runs, and between one call of ``work``
    and the next within a run it moves forward: the bar follows the work step by step."""

    def judge(ctx: Context) -> str | None:
        for step in ctx.steps:
            values = [(_progress(w["display"]) or [None])[-1] for w in step.get("waiting", [])
                      if w.get("call") == work]
            if not values:
                continue
            if values[0] is None:
                return (f"When `{work}` first ran during “{step['said']}”, no progress bar was "
                        "on the page: create it before the loop starts.")
            for before, after in zip(values, values[1:]):
                if after is None or before is None or after <= before:
                    return (f"During “{step['said']}” the progress bar did not move between "
                            f"two calls of `{work}` (it stayed at {before if before is not None else 'nothing'}"
                            f"{'' if before is None else ' %'}): update it inside the loop, "
                            "once per step of the work.")
        return None

    return Check(name or "The progress bar moves with the work, step by step", points, judge,
                 task, requires)


def nothing_left(*, text: str | None = None, kinds: tuple[str, ...] = (), what: str,
                 points: int = 1, task: int | None = None, name: str | None = None,
                 requires=()) -> Check:
    """When each step is over, the page shows no element of ``kinds`` / with ``text`` that
    the reference's final page does not show: what only says "wait" is gone when the wait
    is over."""

    def judge(ctx: Context) -> str | None:
        for mine, ref in zip(ctx.steps, ctx.ref_steps):
            if _has(mine["display"], text, kinds) and not _has(ref["display"], text, kinds):
                return (f"After “{mine['said']}” the page still shows {what}, although the "
                        "work is done: clear it (or replace it with the result) once the "
                        "result is there.")
        return None

    return Check(name or f"Nothing is left of {what} when the work is done", points, judge,
                 task, requires)


def no_problems(*, points: int = 0, task: int | None = None,
                name: str = "Every scripted interaction could be done") -> Check:
    """Every widget the scenario uses exists and accepted its value (no points of its own by
    default: the starter does this too)."""

    def judge(ctx: Context) -> str | None:
        for step in ctx.steps:
            if step.get("problem"):
                return f"The grader could not “{step['said']}”: {step['problem']}."
        return None

    return Check(name, points, judge, task)


# ---------------------------------------------------------------- timers and live numbers
def step_times(steps: list[dict]) -> list[tuple[float, float]]:
    """(start, end) of each step on the scenario clock."""
    clock, out = 0.0, []
    for step in steps:
        begin = clock
        if step["step"].get("do") in ("tick", "advance"):
            clock += float(step["step"]["seconds"])
        out.append((begin, clock))
    return out


def refreshes_every(fastest: float, slowest: float, *, what: str = "the live panel",
                    points: int = 1, task: int | None = None, name: str | None = None,
                    requires=()) -> Check:
    """In every wait (``tick``) a fragment reran by itself at least once per ``slowest``
    seconds and at most once per ``fastest``, and the whole script never did."""

    def judge(ctx: Context) -> str | None:
        for step, ref in zip(ctx.steps, ctx.ref_steps):
            if step["step"].get("do") != "tick":
                continue
            seconds = float(step["step"]["seconds"])
            if step["runs"].get("script"):
                return (f"While the grader waited {seconds:g} s, the whole script reran. Only "
                        f"{what} should rerun on its timer.")
            low, high = int(seconds // slowest), int(seconds // fastest)
            mine = step.get("runs_by_session") or {"0": step["runs"]}
            theirs = ref.get("runs_by_session") or {"0": ref["runs"]}
            tabs = len(theirs) > 1
            for session, runs in theirs.items():  # every browser tab the reference refreshed
                if not runs.get("fragment"):
                    continue
                fired = int(mine.get(session, {}).get("fragment", 0))
                where = f" in browser tab {int(session) + 1}" if tabs else ""
                if fired < low:
                    got = "did not refresh at all" if not fired else \
                        f"refreshed only {times(fired)}"
                    return (f"While the grader waited {seconds:g} s, {what}{where} {got}; it "
                            f"should refresh by itself at least every {slowest:g} seconds.")
                if fired > high:
                    return (f"While the grader waited {seconds:g} s, {what}{where} refreshed "
                            f"{times(fired)}: more often than every {fastest:g} seconds. Use "
                            "a longer `run_every`.")
        return None

    return Check(name or f"{what.capitalize()} refreshes itself every {fastest:g} to "
                 f"{slowest:g} seconds", points, judge, task, requires)


def _value_of(view: list[dict], label: str):
    for item in display.flatten(view):
        if item.get("label") == label and "value" in item:
            return item.get("value")
    return None


def _answers_by_period(steps: list[dict], work: str, label: str, period: float
                       ) -> dict[int, set]:
    """What the live source answered in each period, as the reference showed it: after each
    step that asked, and, while a timer fired once per period, at each call (the page at a
    call shows the previous refresh's answer)."""
    known: dict[int, set] = {}
    for step, (begin, end) in zip(steps, step_times(steps)):
        asked = [w for w in step.get("waiting", []) if w["call"] == work]
        if not asked:
            continue
        shown = _value_of(step["display"], label)
        if shown is not None:
            known.setdefault(int(end // period), set()).add(shown)
        fired = int(step["runs"].get("fragment", 0))
        if step["step"].get("do") == "tick" and len(asked) == fired == int((end - begin) // period):
            for n, wait in enumerate(asked):
                before = _value_of(wait["display"], label)
                if before is not None:
                    known.setdefault(int((begin + n * period) // period), set()).add(before)
    return known


def live_number(work: str, label: str, *, period: float, source: str, points: int = 1,
                task: int | None = None, name: str | None = None, requires=()) -> Check:
    """The element ``label`` shows what ``work`` (a live source whose answer changes every
    ``period`` seconds of scenario time) answered lately: every run of the page or of its
    fragment that is not cut short by a rerun asks it again, and after each step the number shown is an answer from the
    current period (or the one before, after a wait: a timer may fire a little before).
    Design the reference to refresh once per period, at multiples of it."""

    def judge(ctx: Context) -> str | None:
        for step in ctx.steps:
            # Runs cut short by a rerun (a callback's st.rerun) never reached the query.
            reran = int(step["runs"].get("fragment", 0)) + int(step["runs"].get("script", 0)) \
                - int(step.get("cut_short", 0))
            asked = int(step["calls"].get(work, 0))
            if asked < reran:
                asked_said = f"only {times(asked)}" if asked else "not at all"
                return (f"When the grader did “{step['said']}”, the page or panel ran "
                        f"{times(reran)} but asked {source} {asked_said}: the number shown was "
                        "an old one. Ask again on every refresh (leave the live query "
                        "uncached).")
        known = _answers_by_period(ctx.ref_steps, work, label, period)
        for step, (begin, end) in zip(ctx.steps, step_times(ctx.steps)):
            now = int(end // period)
            waited = step["step"].get("do") == "tick" or not step["calls"].get(work)
            fresh = set().union(*(known.get(p, set())
                                  for p in ([now - 1, now] if waited else [now])))
            shown = _value_of(step["display"], label)
            if fresh and shown is not None and shown not in fresh:
                return (f"After “{step['said']}” the panel's '{label}' is not what {source} "
                        "answered at that time. Show the number it answers, asked again on "
                        "every refresh.")
        return None

    return Check(name or f"'{label}' shows what {source} answers now", points, judge, task,
                 requires)


def only_while_open(work: str, tab: str, *, points: int = 1, task: int | None = None,
                    what: str | None = None, name: str | None = None, requires=()) -> Check:
    """``work`` runs only in steps after which the tab ``tab`` is open (in that browser tab),
    and it runs when the tab is first opened: its content is computed when someone looks."""
    label = what or f"`{work}`"

    def judge(ctx: Context) -> str | None:
        for step, ref, opened in zip(ctx.steps, ctx.ref_steps, open_tabs(ctx.steps)):
            n = int(step["calls"].get(work, 0))
            if n and opened != tab:
                where = f"the tab '{opened}'" if opened else "another tab"
                return (f"When the grader did “{step['said']}”, {where} was open, but "
                        f"{label} ran {times(n)}. Run it only while the tab '{tab}' is open "
                        "(a plain `st.tabs` runs the code of every tab on every rerun).")
            if not n and ref["calls"].get(work):
                return (f"When the grader did “{step['said']}”, the tab '{tab}' was open, but "
                        f"{label} did not run: its content must be computed when it is "
                        "shown.")
        return None

    return Check(name or f"{label} runs only while the tab '{tab}' is open", points, judge,
                 task, requires)


# ---------------------------------------------------------------- cache configuration
def _caches(ctx: Context, work: str) -> list[tuple[dict, list[dict]]]:
    """For every call of ``work``: (step, the Streamlit caches computing around it that the
    source confirms, innermost last)."""
    return rules.confirmed_caches(ctx, work)


def cached_as(work: str, kind: str, *, points: int = 1, task: int | None = None,
              what: str | None = None, name: str | None = None, requires=()) -> Check:
    """Every call of ``work`` ran inside a function cached with ``st.<kind>`` — as Streamlit
    held it in the running app, and as the source confirms — whatever syntax wrapped it."""
    label = what or f"`{work}`"

    def judge(ctx: Context) -> str | Verdict | None:
        found = _caches(ctx, work)
        if not found:
            return f"{label} never ran, so the grader could not see how it is cached."
        for step, caches in found:
            if not caches:
                return (f"During “{step['said']}”, {label} ran outside any Streamlit cache.")
            if caches[-1]["kind"] != kind:
                return Verdict(f"{label} is cached with `st.{caches[-1]['kind']}` "
                               f"(`{caches[-1]['function']}`); the task needs `st.{kind}`.",
                               caches[-1].get("line"))
        return None

    return Check(name or f"{label} is cached with st.{kind}", points, judge, task, requires)


def cached_with(work: str, *, persist: bool | None = None, scope: str | None = None,
                points: int = 1, task: int | None = None, what: str | None = None,
                name: str, requires=()) -> Check:
    """Options no run can show, read from the running app's cache around ``work`` (the source
    must confirm that cache): ``persist=False`` — not persisted to disk (which makes
    Streamlit ignore a ttl); ``scope`` — "global" or "session"."""
    label = what or f"`{work}`"

    def judge(ctx: Context) -> str | Verdict | None:
        found = _caches(ctx, work)
        for step, caches in found:
            if not caches:
                return f"{label} ran outside any Streamlit cache during “{step['said']}”."
            cache = caches[-1]
            if persist is False and cache.get("persist") not in (None, "None"):
                return Verdict(f"`{cache['function']}` is cached with "
                               f"`persist={cache['persist']!r}`.", cache.get("line"))
            if scope is not None and (cache.get("scope") or "global") != scope:
                return Verdict(f"`{cache['function']}` has cache scope "
                               f"{cache.get('scope')!r}; the task needs {scope!r}.",
                               cache.get("line"))
        if not found:
            return f"{label} never ran, so the grader could not see how it is cached."
        return None

    return Check(name, points, judge, task, requires)


# ---------------------------------------------------------------- rules for mistakes
# The rules that explain a failing check (``not_cached``, ``cache_option``,
# ``stored_in_session`` …) live in ``checkers.rules``, imported above and re-exported here, so
# an exercise's ``checks.py`` needs ``from checkers.spec import *`` only.


def static(rule: Callable[[Context], Finding | None], *, points: int = 1,
           task: int | None = None, name: str, requires=()) -> Check:
    """A check on the code alone. Transitional: a verdict should rest on behaviour."""

    def judge(ctx: Context) -> Verdict | None:
        finding = rule(ctx)
        return Verdict(finding.message, finding.line) if finding else None

    return Check(name, points, judge, task, requires)
