"""The vocabulary an exercise's ``checks.py`` is written in: steps, checks and mistakes.

An exercise declares *what a good app does* — a scenario of interactions and checks on what
happened — never how the code must look. Checks judge the learner's observed behaviour first
(counts, display, state); named mistakes explain a failure from the code second, pointing at
the learner's line. So any correct solution passes, and a wrong one hears why.

Example ``checks.py``::

    from checkers.spec import *

    SCENARIO = [start(), choose("Region", "West"), click("Refresh")]
    CHECKS = [
        calls("load_sales", exactly=1, points=3, task=1, name="The dataset loads once"),
        same_display(points=2, task=2),
    ]
    MISTAKES = [
        Mistake("cache-resource", check="The dataset loads once",
                when=decorated_with("cache_resource", returning_frame=True),
                message="st.cache_resource shares one object; a DataFrame wants st.cache_data."),
    ]
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable

from checkers import display
from checkers.static import (Finding, all_of, cached_functions, call_outside, decorated_with,
                             functions_doing, lacks_decorator, missing_cache_option, not_cached,
                             raised, resets_state, top_level, touches_state)

__all__ = [
    "start", "choose", "set_value", "click", "open_tab", "rerun", "tick", "advance",
    "Context", "Verdict", "Check", "Mistake", "CRASH",
    "calls", "runs", "same_display", "open_tabs", "once_per_value", "fragment_only", "shows",
    "no_problems", "static",
    "Finding", "all_of", "cached_functions", "call_outside", "decorated_with", "lacks_decorator",
    "missing_cache_option", "not_cached", "raised", "functions_doing", "resets_state",
    "top_level", "touches_state", "times",
]


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
    """Open a tab of ``st.tabs(..., on_change="rerun")`` by its label."""
    return {"do": "tab", "widget": label, "session": session}


def rerun(session: int = 0) -> dict:
    """Rerun the app with nothing changed (the user pressed R)."""
    return {"do": "rerun", "session": session}


def tick(seconds: float, session: int = 0) -> dict:
    """Let time pass in an open tab: ``run_every`` fragments fire, caches age."""
    return {"do": "tick", "seconds": seconds, "session": session}


def advance(seconds: float) -> dict:
    """Move the clock Streamlit's caches read, without any rerun."""
    return {"do": "advance", "seconds": seconds}


# ---------------------------------------------------------------- judging
@dataclass
class Context:
    """What a check may look at: the learner's run, the reference run, and the code."""

    observed: dict
    reference: dict
    source: str
    tree: ast.Module

    @property
    def steps(self) -> list[dict]:
        return self.observed["steps"]

    def total_calls(self, name: str) -> int:
        return int(self.observed.get("calls", {}).get(name, 0))


@dataclass
class Verdict:
    """A failed check's explanation; ``line`` points into the learner's code when known."""

    message: str
    line: int | None = None


Judge = Callable[[Context], "Verdict | str | None"]


@dataclass
class Check:
    name: str
    points: int
    judge: Judge
    task: int | None = None

    def evaluate(self, ctx: Context) -> Verdict | None:
        verdict = self.judge(ctx)
        if verdict is None:
            return None
        return verdict if isinstance(verdict, Verdict) else Verdict(str(verdict))


CRASH = "the app stops with an error"


@dataclass
class Mistake:
    """A known wrong turn: how to recognise it in code, and what to tell the learner.

    ``{found}`` in the message is replaced by what the detector found (its Finding's message).
    ``mistakes/<name>.py`` beside ``checks.py`` is an example program that makes it;
    ``python -m checkers selftest`` proves the example really gets this message.
    """

    name: str
    message: str
    when: Callable[[Context], Finding | None]  # see checkers.static for ready-made rules
    check: str | None = None  # the check this mistake explains; None: any failing check;
    #                            CRASH: the app stopped with an error (detect it with ``raised``)

    def diagnose(self, ctx: Context) -> Finding | None:
        return self.when(ctx)


def times(n: int) -> str:
    """"once", "twice", "3 times": how feedback counts."""
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def calls(work: str, *, exactly: int | None = None, at_most: int | None = None,
          at_least: int | None = None, points: int = 1, task: int | None = None,
          what: str | None = None, name: str | None = None) -> Check:
    """The course service ``work`` (``speedlit.<work>(...)``) was called N times in all."""
    label = what or f"`{work}`"

    def judge(ctx: Context) -> str | None:
        n = ctx.total_calls(work)
        steps = len(ctx.steps)
        if exactly is not None and n != exactly:
            return (f"{label} ran {times(n)} over the {steps} steps; "
                    f"it should run {times(exactly)}.")
        if at_most is not None and n > at_most:
            return f"{label} ran {times(n)} over the {steps} steps; at most {at_most} allowed."
        if at_least is not None and n < at_least:
            return f"{label} ran {times(n)}; it should run at least {times(at_least)}."
        return None

    bound = exactly if exactly is not None else at_most if at_most is not None else at_least
    return Check(name or f"{label} runs {times(bound or 0)}", points, judge, task)


def runs(kind: str = "script", *, exactly: int | None = None, at_most: int | None = None,
         points: int = 1, task: int | None = None, name: str | None = None) -> Check:
    """The whole script (``kind="script"``) or fragments (``"fragment"``) ran N times."""
    noun = "the whole script" if kind == "script" else "a fragment"

    def judge(ctx: Context) -> str | None:
        n = int(ctx.observed.get("runs", {}).get(kind, 0))
        if exactly is not None and n != exactly:
            return f"{noun.capitalize()} ran {times(n)}; expected {times(exactly)}."
        if at_most is not None and n > at_most:
            return f"{noun.capitalize()} ran {times(n)}; at most {at_most} expected."
        return None

    return Check(name or f"{noun} runs the expected number of times", points, judge, task)


def fragment_only(widget: str, *, points: int = 1, task: int | None = None,
                  name: str | None = None) -> Check:
    """Every interaction with ``widget`` reran only a fragment, never the whole script."""

    def judge(ctx: Context) -> str | None:
        touched = [s for s in ctx.steps if s["step"].get("widget") == widget]
        if not touched:
            return f"The grader never found the widget {widget!r}."
        for step in touched:
            if step["runs"].get("script"):
                return (f"When the grader did “{step['said']}”, the whole script reran. "
                        f"Put {widget!r} inside an @st.fragment function so only that part reruns.")
            if not step["runs"].get("fragment"):
                return f"When the grader did “{step['said']}”, nothing reran."
        return None

    return Check(name or f"Changing {widget!r} reruns only its fragment", points, judge, task)


def same_display(*, points: int = 1, task: int | None = None, ignore: tuple[str, ...] = (),
                 open_tab_only: bool = False,
                 name: str = "The app shows the same as before, after every step") -> Check:
    """After every step the app shows what the reference solution shows. With
    ``open_tab_only``, only the open tab of each ``st.tabs`` counts, as a user sees it."""

    def judge(ctx: Context) -> str | None:
        tabs = open_tabs(ctx) if open_tab_only else [None] * len(ctx.steps)
        for mine, ref, tab in zip(ctx.steps, ctx.reference["steps"], tabs):
            if open_tab_only:
                got, want = display.visible(mine["display"], tab), display.visible(ref["display"], tab)
            else:
                got, want = display.flatten(mine["display"]), display.flatten(ref["display"])
            difference = _first_difference([e for e in got if e["type"] not in ignore],
                                           [e for e in want if e["type"] not in ignore])
            if difference:
                return f"After “{mine['said']}”: {difference}"
        return None

    return Check(name, points, judge, task)


def open_tabs(ctx: Context) -> list[str | None]:
    """The label of the open tab after each step: the last one the scenario opened in that
    browser tab, else the page's first tab (a browser's default)."""
    current: dict[int, str] = {}
    out = []
    for step in ctx.steps:
        if step["step"].get("do") == "tab":
            current[step["session"]] = step["step"]["widget"]
        out.append(current.get(step["session"]) or display.first_tab(step["display"]))
    return out


def _first_difference(got: list[dict], want: list[dict]) -> str | None:
    """Where the learner's page first differs from the reference, said without quoting either
    page's content (it holds this grading's data)."""
    for index, (g, w) in enumerate(zip(got, want)):
        if g != w:
            if display.named(g) == display.named(w):
                return (f"element {index + 1}, {display.named(g)}, shows something other than "
                        "the reference does.")
            return (f"element {index + 1} is {display.named(g)}, where the reference shows "
                    f"{display.named(w)}.")
    if len(got) < len(want):
        return f"your app is missing {display.named(want[len(got)])} (and anything after it)."
    if len(got) > len(want):
        return f"your app shows an extra {display.named(got[len(want)])}."
    return None


def once_per_value(work: str, widget: str, *, points: int = 1, task: int | None = None,
                   noun: str = "value", name: str | None = None) -> Check:
    """``work`` runs once for each distinct value the ``widget`` (by label) shows in the
    scenario, and never again for a value it already ran for (e.g. a cache keyed by it)."""

    def judge(ctx: Context) -> str | None:
        done: set = set()
        for step in ctx.steps:
            value = display.key(display.widget_value(step, widget))
            ran = int(step["calls"].get(work, 0))
            if ran and value in done:
                return (f"After “{step['said']}”, `{work}` ran again for {noun} "
                        f"{display.widget_value(step, widget)!r}, "
                        "although it had run for it before.")
            if ran > 1:
                return f"During “{step['said']}”, `{work}` ran {times(ran)}."
            if ran:
                done.add(value)
        shown = {display.key(display.widget_value(s, widget)) for s in ctx.reference["steps"]
                 if display.widget_value(s, widget) is not None}
        total = ctx.total_calls(work)
        if total != len(shown):
            return (f"`{work}` ran {times(total)} over the {len(ctx.steps)} steps; the "
                    f"scenario shows {len(shown)} {noun}s, so it should run "
                    f"{times(len(shown))}: once per {noun}.")
        return None

    return Check(name or f"`{work}` runs once per {noun}", points, judge, task)


def shows(text: str, *, after: int | None = None, points: int = 1, task: int | None = None,
          name: str | None = None) -> Check:
    """Some element contains ``text`` after step ``after`` (default: the last step)."""

    def judge(ctx: Context) -> str | None:
        step = ctx.steps[after if after is not None else -1]
        for item in display.flatten(step["display"]):
            if text in str(item.get("value", "")) or text in str(item.get("label", "")):
                return None
        return f"After “{step['said']}” the app does not show “{text}”."

    return Check(name or f"The app shows “{text}”", points, judge, task)


def no_problems(*, points: int = 1, task: int | None = None,
                name: str = "Every scripted interaction could be done") -> Check:
    """Every widget the scenario uses exists and accepted its value."""

    def judge(ctx: Context) -> str | None:
        for step in ctx.steps:
            if step.get("problem"):
                return f"The grader could not “{step['said']}”: {step['problem']}."
        return None

    return Check(name, points, judge, task)


def static(rule: Callable[[Context], Finding | None], *, points: int = 1,
           task: int | None = None, name: str) -> Check:
    """A check on the code itself, for what behaviour cannot show (e.g. a ttl is given)."""

    def judge(ctx: Context) -> Verdict | None:
        finding = rule(ctx)
        return Verdict(finding.message, finding.line) if finding else None

    return Check(name, points, judge, task)
