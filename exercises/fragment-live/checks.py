import ast

from checkers import display
from checkers.spec import *

REPORT_WORK = "yearly_report"  # speedlit.yearly_report(): 2 s
LIVE_WORK = "orders_waiting"  # speedlit.orders_waiting(): its answer changes every 10 s
LIVE = "Orders waiting"  # the live metric's label
PERIOD = 10  # seconds between changes of the queue (checkers.services: orders_waiting)
FASTEST, SLOWEST = 5, 10  # seconds between refreshes, as instructions.md says

# The reference refreshes every 10 s and every action falls on a multiple of 10 s, so it
# shows the queue's answer of every period it passes (see ``live_number``).
SCENARIO = [
    start(),
    tick(10),
    tick(10),
    click("Refresh now"),
    tick(20),
    tick(30),
]

TIMER = "The live panel refreshes itself every 5 to 10 seconds"
FRESH = "Every refresh asks the order queue again"
REPORT = "The yearly report is queried once"
ONCE = "The page itself runs once"
BUTTON = "“Refresh now” reruns only the live panel"
SAME = "The app shows the same as before, after every step"

CHECKS = [
    no_problems(),
    refreshes_every(FASTEST, SLOWEST, points=3, task=1, name=TIMER),
    live_number(LIVE_WORK, LIVE, period=PERIOD, source="the order queue", points=2, task=1,
                name=FRESH, requires=TIMER),
    calls(REPORT_WORK, exactly=REF, points=2, task=2, name=REPORT,
          what="The yearly report (`speedlit.yearly_report()`)"),
    runs("script", exactly=REF, points=1, task=2, name=ONCE),
    fragment_only("Refresh now", points=2, task=3, name=BUTTON),
    same_page(points=2, task=4, name=SAME, live=(LIVE,), requires=TIMER),
]


# ---------------------------------------------------------------- what the judge saw
def _waits(ctx) -> list[dict]:
    return [s for s in ctx.steps if s["step"]["do"] == "tick"]


def _panel_alone(step: dict) -> bool:
    return bool(step["runs"].get("fragment")) and not step["runs"].get("script")


def _kinds(step: dict) -> list[tuple[str, str]]:
    return [(i["type"], str(i.get("label", ""))) for i in display.leaves(display.seen(
        step["display"]))]


def _too_often(ctx) -> bool:
    return any(int(s["runs"].get("fragment", 0)) > s["step"]["seconds"] // FASTEST
               for s in _waits(ctx))


# ---------------------------------------------------------------- pointing at the code
def _called(node: ast.Call) -> str | None:
    return getattr(node.func, "attr", getattr(node.func, "id", None))


def _fragment_calls(tree) -> list[ast.Call]:
    """`st.fragment(...)` as a called decorator or a call (a bare `@st.fragment` is none)."""
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _called(n) == "fragment"]


def _fragments(tree) -> list[ast.FunctionDef]:
    wrapped = {a.id for c in _fragment_calls(tree) for a in c.args if isinstance(a, ast.Name)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and (
        n.name in wrapped or any(_called(d) == "fragment" if isinstance(d, ast.Call) else
                                 getattr(d, "attr", getattr(d, "id", None)) == "fragment"
                                 for d in n.decorator_list))]


def _run_every(call: ast.Call) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == "run_every"), None)


def _line_of(tree, names: set[str], *, inside: bool) -> int | None:
    within = {id(n) for f in _fragments(tree) for n in ast.walk(f)}
    return next((n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and
                 _called(n) in names and (id(n) in within) == inside), None)


# ---------------------------------------------------------------- the mistakes' rules
def run_every_digits(ctx):
    if not _too_often(ctx):
        return None
    for call in _fragment_calls(ctx.tree):
        every = _run_every(call)
        if isinstance(every, ast.Constant) and isinstance(every.value, str) and \
                every.value.strip().isdigit():
            return Finding(f"`run_every={every.value!r}`".replace("'", '"'), call.lineno)
    return None


def report_in_fragment(ctx):
    if any(_panel_alone(s) and s["calls"].get(REPORT_WORK) for s in _waits(ctx)):
        names = functions_doing(ctx.tree, REPORT_WORK) | {REPORT_WORK}
        return Finding("", _line_of(ctx.tree, names, inside=True))
    return None


def never_asked(ctx):
    return Finding("") if not ctx.total_calls(LIVE_WORK) else None


def live_query_cached(ctx):
    return cached_kind(LIVE_WORK, "cache_data")(ctx) or \
        cached_kind(LIVE_WORK, "cache_resource")(ctx)


def asked_outside(ctx):
    if live_query_cached(ctx) or not any(_panel_alone(s) and not s["calls"].get(LIVE_WORK)
                                         for s in _waits(ctx)):
        return None
    line = _line_of(ctx.tree, functions_doing(ctx.tree, LIVE_WORK), inside=False) or \
        _line_of(ctx.tree, {LIVE_WORK}, inside=False)
    return Finding("", line) if line else None


def fragment_without_timer(ctx):
    clicked = [s for s in ctx.steps if s["step"].get("widget") == "Refresh now"]
    if any(s["runs"] for s in _waits(ctx)) or not any(_panel_alone(s) for s in clicked):
        return None
    untimed = [f for f in _fragments(ctx.tree) if not any(
        isinstance(d, ast.Call) and _run_every(d) for d in f.decorator_list)]
    return Finding("", untimed[0].lineno) if untimed else None


def button_outside(ctx):
    clicked = [s for s in ctx.steps if s["step"].get("widget") == "Refresh now"]
    if any(_panel_alone(s) for s in _waits(ctx)) and any(s["runs"].get("script")
                                                         for s in clicked):
        line = _line_of(ctx.tree, {"button"}, inside=False)
        return Finding("", line) if line else None
    return None


def reordered(ctx):
    for mine, ref in zip(ctx.steps, ctx.ref_steps):
        got, want = _kinds(mine), _kinds(ref)
        if got != want and sorted(got) == sorted(want):
            return Finding("")
    return None


MISTAKES = [
    Mistake(
        "run-every-digits-in-a-string", check=TIMER, when=run_every_digits,
        message="{found} is a string without a unit, which Streamlit reads as a pandas "
                "duration, and a bare number in a string counts *nanoseconds*: the panel "
                "reruns as fast as it can. Write the number without quotes (`run_every=10`, "
                "in seconds) or give the unit (`run_every=\"10s\"`).",
    ),
    Mistake(
        "report-inside-fragment", check=REPORT, when=report_in_fragment,
        message="The yearly report is inside the timed fragment, so every tick queries it "
                "again. Put only the live part (the “Right now” heading, the metric and the "
                "button) in the `@st.fragment(run_every=…)` function, and leave the report in "
                "the main script, which runs once.",
    ),
    Mistake(
        "never-asked", check=FRESH, when=never_asked,
        message="Your app never asks the order queue (`speedlit.orders_waiting()`), so the "
                "number the panel shows is not the queue's. Show what `count_waiting()` "
                "returns, asked again on every refresh.",
    ),
    Mistake(
        "cached-live-query", check=FRESH, when=live_query_cached,
        message="The live query is cached, so a refresh shows the stored number instead of "
                "asking the queue again: the panel reruns, but its number is an old one. Leave "
                "the live query uncached; the fragment's timer is what keeps it fresh.",
    ),
    Mistake(
        "asked-outside-the-fragment", check=FRESH, when=asked_outside,
        message="The order queue is asked outside the fragment, in the part of the script "
                "that runs once, so each refresh of the panel redraws the number it was handed "
                "then. Ask the queue inside the `@st.fragment(run_every=…)` function, so every "
                "refresh asks again.",
    ),
    Mistake(
        "fragment-without-timer", check=TIMER, when=fragment_without_timer,
        message="A plain `@st.fragment` reruns only when a widget inside it is used; nothing "
                "reruns it on its own. Give it a timer: `@st.fragment(run_every=10)` reruns "
                "it every 10 seconds while the page is open, and only it.",
    ),
    Mistake(
        "button-outside-fragment", check=BUTTON, when=button_outside,
        message="The “Refresh now” button is outside the fragment. A widget reruns the "
                "fragment it lives in, and a widget outside every fragment reruns the whole "
                "script. Move `st.button(\"Refresh now\")` into the fragment function.",
    ),
    Mistake(
        "page-reordered", check=SAME, when=reordered,
        message="Your page shows the same elements as the reference, but not in the same "
                "order. Keep the order they had: the title, the yearly report (its heading, "
                "chart and best month), then the “Right now” panel, whose fragment function is "
                "called where the panel's code was.",
    ),
]
