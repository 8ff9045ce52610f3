import ast

from checkers.spec import *
from checkers.static import decorated, work_names

SCENARIO = [
    start(),
    tick(10),
    tick(10),
    click("Refresh now"),
    tick(20),
    tick(30),
]

FASTEST, SLOWEST = 5, 10  # seconds between refreshes, as instructions.md says

TIMER = "The live panel refreshes itself every 5 to 10 seconds"
FRESH = "Every refresh asks the order queue again"
REPORT = "The yearly report is queried once"
BUTTON = "“Refresh now” reruns only the live panel"


def refreshes_on_time(ctx) -> str | None:
    for step in ctx.steps:
        if step["step"].get("do") != "tick":
            continue
        seconds = float(step["step"]["seconds"])
        fired = int(step["runs"].get("fragment", 0))
        if step["runs"].get("script"):
            return (f"While the grader waited {seconds:g} s, the whole script reran. Only the "
                    "live panel should rerun on its timer.")
        low, high = int(seconds // SLOWEST), int(seconds // FASTEST)
        if fired < low:
            got = "did not refresh at all" if not fired else f"refreshed only {times(fired)}"
            return (f"While the grader waited {seconds:g} s, the live panel {got}; it should "
                    f"refresh at least every {SLOWEST} seconds, without anyone clicking.")
        if fired > high:
            return (f"While the grader waited {seconds:g} s, the live panel refreshed "
                    f"{times(fired)}: more often than every {FASTEST} seconds, which would "
                    "keep the order database busy for nothing. Use a longer `run_every`.")
    return None


def queried_on_every_refresh(ctx) -> str | None:
    for step in ctx.steps:
        reran = int(step["runs"].get("fragment", 0)) + int(step["runs"].get("script", 0))
        asked = int(step["calls"].get("orders_waiting", 0))
        if asked < reran:
            return (f"When the grader did “{step['said']}”, the page or panel ran "
                    f"{times(reran)} but asked the order queue only {times(asked)}: the "
                    "number shown was an old one.")
    return None


# ---------------------------------------------------------------- reading the code

def _fragments(tree):
    return [d for d in decorated(tree) if d.kind == "fragment"]


def report_in_fragment(ctx) -> Finding | None:
    workers = functions_doing(ctx.tree, "report")
    for item in _fragments(ctx.tree):
        if "report" in work_names(item.function):
            return Finding("", item.line)
        for node in ast.walk(item.function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in workers:
                return Finding("", node.lineno)
    return None


def live_query_cached(ctx) -> Finding | None:
    for item in decorated(ctx.tree):
        if item.kind in ("cache_data", "cache_resource") \
                and "orders_waiting" in work_names(item.function):
            return Finding("", item.line)
    return None


def fragment_without_timer(ctx) -> Finding | None:
    found = _fragments(ctx.tree)
    if found and not any("run_every" in d.options for d in found):
        return Finding("", found[0].line)
    return None


def button_outside(ctx) -> Finding | None:
    if not any("run_every" in d.options for d in _fragments(ctx.tree)):
        return None
    return call_outside("button", "fragment")(ctx)


CHECKS = [
    no_problems(points=1),
    Check(TIMER, 3, refreshes_on_time, task=1),
    Check(FRESH, 2, queried_on_every_refresh, task=1),
    calls("report", exactly=1, points=2, task=2, name=REPORT,
          what="The yearly report (`speedlit.slow(\"report\")`)"),
    runs("script", exactly=1, points=1, task=2, name="The page itself runs once"),
    fragment_only("Refresh now", points=2, task=3, name=BUTTON),
    same_display(points=2, task=4),
]

MISTAKES = [
    Mistake(
        "report-inside-fragment", check=REPORT, when=report_in_fragment,
        message="The yearly report is inside the timed fragment, so every tick queries it "
                "again. Put only the live part (the “Right now” heading, the metric and the "
                "button) in the `@st.fragment(run_every=…)` function, and leave the report in "
                "the main script, which runs once.",
    ),
    Mistake(
        "cached-live-query", check=FRESH, when=live_query_cached,
        message="`orders_waiting` is cached, so after the first call each refresh shows the "
                "stored number instead of asking the queue again: the panel reruns, but its "
                "number never changes. Leave the live query uncached; the fragment's timer is "
                "what keeps it fresh.",
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
]
