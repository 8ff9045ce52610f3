import ast

from checkers.spec import *

HEAVY = "Forecast"
WORK = "demand_forecast"  # speedlit.demand_forecast(region): 2 s, only the Forecast tab shows it

SCENARIO = [
    start(),  # the Summary tab is open: nobody looks at the forecast
    choose("Region", "South"),
    rerun(),
    choose("Region", "East"),
    open_tab(HEAVY),  # the first time anyone looks at the forecast
    choose("Region", "West"),  # a new region while the forecast is looked at
    open_tab("Orders"),  # left: the forecast is not looked at again
    choose("Region", "North"),
    rerun(),
]

ONLY_OPEN = "The forecast is fitted only while its tab is open"
SAME = "The open tab shows what it showed before, after every step"

CHECKS = [
    no_problems(),
    only_while_open(WORK, HEAVY, points=5, task=1, name=ONLY_OPEN, what="the forecast"),
    same_page(points=3, task=2, open_tab_only=True, name=SAME, requires=ONLY_OPEN),
]


# ---------------------------------------------------------------- what the judge saw
def _ran_closed(ctx) -> list[int]:
    """Steps after which another tab was open, yet the forecast was fitted."""
    return [i for i, (step, tab) in enumerate(zip(ctx.steps, open_tabs(ctx)))
            if step["calls"].get(WORK) and tab != HEAVY]


def _never_opened_before(ctx, index: int) -> bool:
    return HEAVY not in open_tabs(ctx)[:index + 1]


def _plain_tabs(ctx) -> bool:
    """Opening a tab did not rerun the app: tabs that keep no state."""
    return any(s["step"]["do"] == "tab" and not s.get("problem") and not s["runs"].get("script")
               for s in ctx.steps)


def _missed_open(ctx) -> bool:
    """The Forecast tab was open and the reference fitted the forecast, but the app did not."""
    return any(ref["calls"].get(WORK) and not step["calls"].get(WORK)
               for step, ref in zip(ctx.steps, ctx.ref_steps))


def _charts_outside_tabs(view: list[dict], in_tab: bool = False) -> int:
    return sum(_charts_outside_tabs(i["children"], in_tab or i.get("type") == "tab")
               if "children" in i else int(i.get("type") == "chart" and not in_tab)
               for i in view)


# ---------------------------------------------------------------- pointing at the code
def _called(node: ast.Call) -> str | None:
    return getattr(node.func, "attr", getattr(node.func, "id", None))


def _made_by(tree, maker: str) -> set[str]:
    """Names bound to what ``st.<maker>(...)`` returns (each tab of a tuple, or the list)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                _called(node.value) == maker:
            for target in node.targets:
                parts = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
                names.update(p.id for p in parts if isinstance(p, ast.Name))
    return names


def _tabs_line(ctx) -> int | None:
    return next((n.lineno for n in ast.walk(ctx.tree)
                 if isinstance(n, ast.Call) and _called(n) == "tabs"), None)


def _forecast_calls(ctx) -> set[str]:
    """The service and the app's functions that call it, directly or through another."""
    names, functions = {WORK}, [n for n in ast.walk(ctx.tree) if isinstance(n, ast.FunctionDef)]
    while True:
        more = {f.name for f in functions if any(
            isinstance(c, ast.Call) and _called(c) in names for c in ast.walk(f))} - names
        if not more:
            return names
        names |= more


def _truth_test(ctx) -> Finding | None:
    """An `if` that tests a tab object itself (`if forecast:`) and fits the forecast."""
    tabs = _made_by(ctx.tree, "tabs")
    for node in ast.walk(ctx.tree):
        test = getattr(node, "test", None) if isinstance(node, (ast.If, ast.IfExp)) else None
        while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test = test.operand
        tested = test.value if isinstance(test, ast.Subscript) else test
        if isinstance(tested, ast.Name) and tested.id in tabs:
            body = node.body if isinstance(node.body, list) else [node.body]
            if any(isinstance(c, ast.Call) and _called(c) in _forecast_calls(ctx)
                   for part in body for c in ast.walk(part)):
                return Finding(f"`if {ast.unparse(node.test)}:`", node.lineno)
    return None


def _reads_open(tree) -> bool:
    """`.open` read on something that is not an expander or a popover."""
    other = _made_by(tree, "expander") | _made_by(tree, "popover")
    return any(isinstance(n, ast.Attribute) and n.attr == "open" and isinstance(n.ctx, ast.Load)
               and not (isinstance(n.value, ast.Name) and n.value.id in other)
               for n in ast.walk(tree))


def _unguarded_call(ctx) -> Finding | None:
    """A call of the forecast that no `if ….open:` encloses (function bodies skipped)."""
    names = _forecast_calls(ctx)

    def walk(node) -> Finding | None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, (ast.If, ast.IfExp)) and any(
                    isinstance(n, ast.Attribute) and n.attr == "open" for n in ast.walk(child.test)):
                continue
            if isinstance(child, ast.Call) and _called(child) in names:
                return Finding("", child.lineno)
            found = walk(child)
            if found:
                return found
        return None

    return walk(ctx.tree)


# ---------------------------------------------------------------- the mistakes' rules
def no_forecast_tab(ctx):
    for step in ctx.steps:
        if step["step"]["do"] == "tab" and step["step"]["widget"] == HEAVY and step.get("problem"):
            return Finding("")
    return None


def tab_tested_for_truth(ctx):
    return _truth_test(ctx) if _ran_closed(ctx) else None


def cached_instead_of_lazy(ctx):
    if _plain_tabs(ctx) and _ran_closed(ctx) and _never_opened_before(ctx, _ran_closed(ctx)[0]):
        return cached_kind(WORK, "cache_data")(ctx) or cached_kind(WORK, "cache_resource")(ctx)
    return None


def plain_tabs(ctx):
    return Finding("", _tabs_line(ctx)) if _plain_tabs(ctx) and _ran_closed(ctx) else None


def open_without_on_change(ctx):
    if _plain_tabs(ctx) and _missed_open(ctx) and not _ran_closed(ctx) and _reads_open(ctx.tree):
        return Finding("", _tabs_line(ctx))
    return None


def computed_outside_the_if(ctx):
    every_run = all(s["calls"].get(WORK) for s in ctx.steps if s["runs"].get("script"))
    if not _plain_tabs(ctx) and _ran_closed(ctx) and every_run:
        return _unguarded_call(ctx)
    return None


def kept_after_leaving(ctx):
    closed = _ran_closed(ctx)
    return Finding("") if closed and not _never_opened_before(ctx, closed[0]) else None


def chart_outside_tabs(ctx):
    for mine, ref in zip(ctx.steps, ctx.ref_steps):
        if _charts_outside_tabs(mine["display"]) > _charts_outside_tabs(ref["display"]):
            line = next((n.lineno for n in ast.walk(ctx.tree) if isinstance(n, ast.Call)
                         and _called(n) == "line_chart"), None)
            return Finding("", line)
    return None


MISTAKES = [
    Mistake(
        "no-forecast-tab", check=ONLY_OPEN, when=no_forecast_tab,
        message="Your page has no tab labelled 'Forecast', so the forecast cannot be looked at "
                "where the task puts it (the grader opens the tabs by their labels, as a user "
                "would). Keep the three tabs of `st.tabs` (Summary, Orders and Forecast) and make "
                "the Forecast tab lazy instead: `on_change=\"rerun\"` on `st.tabs`, and the "
                "forecast fitted only `if forecast.open:`.",
    ),
    Mistake(
        "tab-tested-for-truth", check=ONLY_OPEN, when=tab_tested_for_truth,
        message="{found} tests the tab object itself, and a tab object is always true, so the "
                "code under it runs on every rerun, whichever tab is open. Test the tab's `.open` "
                "instead: with `on_change=\"rerun\"` on `st.tabs` it is `True` only while that "
                "tab is the open one.",
    ),
    Mistake(
        "cached-instead-of-lazy", check=ONLY_OPEN, when=cached_instead_of_lazy,
        message="Caching the forecast means each region's model is fitted only once, but it is "
                "still fitted as soon as the page opens, before anyone looks at the Forecast "
                "tab: a plain `st.tabs` runs the code of every tab on every rerun. Give "
                "`st.tabs` `on_change=\"rerun\"` and fit and draw the forecast only "
                "`if forecast.open:`.",
    ),
    Mistake(
        "plain-tabs", check=ONLY_OPEN, when=plain_tabs,
        message="A plain `st.tabs` runs the code of every tab on every rerun, open or not: "
                "opening a tab does not even rerun the app, the browser only shows another tab. "
                "Give `st.tabs` `on_change=\"rerun\"`: then each tab's `.open` says whether it "
                "is the open one, and the forecast can be fitted only `if forecast.open:`.",
    ),
    Mistake(
        "open-without-on-change", check=ONLY_OPEN, when=open_without_on_change,
        message="Without `on_change=\"rerun\"` the tabs do not track which one is open: every "
                "tab's `.open` is `None`, so a test like `if forecast.open:` is never true and "
                "the forecast is never fitted. Pass `on_change=\"rerun\"` to `st.tabs`; then "
                "`.open` is `True` for the open tab and opening a tab reruns the script.",
    ),
    Mistake(
        "computed-outside-the-if", check=ONLY_OPEN, when=computed_outside_the_if,
        message="This call fits the forecast outside the `if forecast.open:` block, so it runs "
                "on every rerun, whichever tab is open; only drawing the chart waits. Move the "
                "call inside the `if`, next to the chart that uses it.",
    ),
    Mistake(
        "kept-after-leaving", check=ONLY_OPEN, when=kept_after_leaving,
        message="The forecast waits until its tab is first opened, but after that it is fitted "
                "on every rerun, even once the user has moved to another tab. Decide it on every "
                "run from `forecast.open` itself, which is `True` only while the Forecast tab is "
                "the open one.",
    ),
    Mistake(
        "chart-outside-the-tab", check=SAME, when=chart_outside_tabs,
        message="The chart is drawn outside the tabs, on the page itself: an `if` only decides "
                "*whether* it is drawn; *where* it goes is the container it is drawn in. Draw it "
                "inside `with forecast:` (or with `forecast.line_chart(...)`).",
    ),
]
