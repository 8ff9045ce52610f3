import ast

from checkers import display
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
REPORT_WORK = "yearly_report"  # speedlit.yearly_report(): 2 s
LIVE_WORK = "orders_waiting"  # speedlit.orders_waiting(): its answer changes every 10 s
LIVE = "Orders waiting"  # the live metric's label
PERIOD = 10  # seconds between changes of the queue (checkers.services: orders_waiting)

TIMER = "The live panel refreshes itself every 5 to 10 seconds"
FRESH = "Every refresh asks the order queue again"
REPORT = "The yearly report is queried once"
BUTTON = "“Refresh now” reruns only the live panel"
SAME = "The app shows the same as before, after every step"


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


# ---------------------------------------------------------------- the live number
# The queue's answer changes every PERIOD seconds of scenario time, and a panel refreshing
# every 5 to 10 s may show the answer of the current period or of the one before. The
# reference (run_every=10, every action at a multiple of 10 s) shows the answer of each
# period it passes: after each step, and, while a timer fires, at each call (a light
# snapshot of the page taken when the queue is asked shows the previous refresh's answer).
def _live_value(items: list[dict]):
    for item in display.flatten(items):
        if item.get("type") == "metric" and item.get("label") == LIVE:
            return item.get("value")
    return None


def _ends(steps: list[dict]) -> list[tuple[float, float]]:
    """(start, end) of each step on the scenario clock."""
    clock, out = 0.0, []
    for step in steps:
        begin = clock
        if step["step"].get("do") in ("tick", "advance"):
            clock += float(step["step"]["seconds"])
        out.append((begin, clock))
    return out


def answers_by_period(ctx) -> dict[int, set]:
    """What the queue answered in each period, as the reference showed it."""
    known: dict[int, set] = {}
    for step, (begin, end) in zip(ctx.reference["steps"], _ends(ctx.reference["steps"])):
        asked = [w for w in step.get("waiting", []) if w["call"] == LIVE_WORK]
        if not asked:
            continue
        shown = _live_value(step["display"])
        if shown is not None:
            known.setdefault(int(end // PERIOD), set()).add(shown)
        fired = int(step["runs"].get("fragment", 0))
        if step["step"].get("do") == "tick" and len(asked) == fired == int((end - begin) // PERIOD):
            for n, wait in enumerate(asked):  # the n-th fire shows the answer from before it
                before = _live_value(wait["display"])
                if before is not None:
                    known.setdefault(int((begin + n * PERIOD) // PERIOD), set()).add(before)
    return known


def stale_number(ctx) -> str | None:
    """The live number after each step is an answer the queue gave in the last 10 s."""
    known = answers_by_period(ctx)
    for step, (begin, end) in zip(ctx.steps, _ends(ctx.steps)):
        now = int(end // PERIOD)
        # a step that asked (a click, a rerun) shows this period's answer; a wait may end
        # a few seconds after the last refresh
        waited = step["step"].get("do") == "tick" or not step["calls"].get(LIVE_WORK)
        fresh = set().union(*(known.get(p, set()) for p in ([now - 1, now] if waited else [now])))
        shown = _live_value(step["display"])
        if fresh and shown is not None and shown not in fresh:
            return (f"After “{step['said']}” the panel shows {shown} orders waiting, but the "
                    f"order queue had {' or '.join(sorted(map(str, fresh)))} at that time. "
                    "Show the number the queue answers, asked again on every refresh.")
    return None


def queried_on_every_refresh(ctx) -> str | None:
    for step in ctx.steps:
        reran = int(step["runs"].get("fragment", 0)) + int(step["runs"].get("script", 0))
        asked = int(step["calls"].get(LIVE_WORK, 0))
        if asked < reran:
            return (f"When the grader did “{step['said']}”, the page or panel ran "
                    f"{times(reran)} but asked the order queue only {times(asked)}: the "
                    "number shown was an old one.")
    return stale_number(ctx)


def same_page(ctx) -> str | None:
    """Like ``same_display``, but the live number is judged by FRESH: a panel on another
    timer (5 to 10 s) may show the queue's answer a few seconds older or newer."""

    def masked(items):
        return [dict(e, value="…") if e.get("type") == "metric" and e.get("label") == LIVE
                else e for e in display.flatten(items)]

    for mine, ref in zip(ctx.steps, ctx.reference["steps"]):
        got, want = masked(mine["display"]), masked(ref["display"])
        for index, (g, w) in enumerate(zip(got, want)):
            if g != w:
                if display.describe(g) == display.describe(w):
                    return (f"After “{mine['said']}”: element {index + 1}, "
                            f"{display.describe(g)}, shows different data than it should.")
                return (f"After “{mine['said']}”: element {index + 1} shows "
                        f"{display.describe(g)}, but should show {display.describe(w)}.")
        if len(got) < len(want):
            return (f"After “{mine['said']}”: your app is missing "
                    f"{display.describe(want[len(got)])} (and anything after it).")
        if len(got) > len(want):
            return (f"After “{mine['said']}”: your app shows an extra "
                    f"{display.describe(got[len(want)])}.")
    return None


# ---------------------------------------------------------------- reading the code

def _fragments(tree):
    return [d for d in decorated(tree) if d.kind == "fragment"]


def report_in_fragment(ctx) -> Finding | None:
    workers = functions_doing(ctx.tree, REPORT_WORK)
    for item in _fragments(ctx.tree):
        if REPORT_WORK in work_names(item.function):
            return Finding("", item.line)
        for node in ast.walk(item.function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in workers:
                return Finding("", node.lineno)
    return None


def live_query_cached(ctx) -> Finding | None:
    for item in decorated(ctx.tree):
        if item.kind in ("cache_data", "cache_resource") \
                and LIVE_WORK in work_names(item.function):
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
    calls(REPORT_WORK, exactly=1, points=2, task=2, name=REPORT,
          what="The yearly report (`speedlit.yearly_report()`)"),
    runs("script", exactly=1, points=1, task=2, name="The page itself runs once"),
    fragment_only("Refresh now", points=2, task=3, name=BUTTON),
    Check(SAME, 2, same_page, task=4),
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
        message="`count_waiting` is cached, so after the first call each refresh shows the "
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
