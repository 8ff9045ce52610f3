import ast

from checkers.spec import *
from checkers.static import work_names

HEAVY = "Forecast"
WORK = "demand_forecast"  # speedlit.demand_forecast(region): 2 s, only the Forecast tab shows it

SCENARIO = [
    start(),
    choose("Region", "South"),
    rerun(),
    choose("Region", "East"),
    open_tab(HEAVY),  # the first time anyone looks at the forecast
    choose("Region", "West"),
    open_tab("Orders"),
    choose("Region", "North"),
    rerun(),
]

WAITS = "The forecast waits until its tab is opened"
LEAVES = "The forecast stops once another tab is open"
SAME = "The open tab shows what it showed before, after every step"


# ---------------------------------------------------------------- the forecast per step
def heavy_runs_while_closed(ctx, *, before_first_open: bool) -> str | None:
    opened = False
    for step, tab in zip(ctx.steps, open_tabs(ctx)):
        is_open = tab == HEAVY
        opened = opened or is_open
        n = int(step["calls"].get(WORK, 0))
        if n and not is_open and opened != before_first_open:
            where = "nobody had opened the Forecast tab yet" if before_first_open else \
                f"the {tab} tab was open"
            times = "once" if n == 1 else f"{n} times"
            return (f"When the grader did “{step['said']}”, {where}, but the forecast ran "
                    f"{times}. Work that only the Forecast tab shows should run only while that "
                    "tab is open (a plain `st.tabs` runs the code of every tab on every rerun).")
    return None


# ---------------------------------------------------------------- reading the code
def _tabs_calls(tree):
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute) and n.func.attr == "tabs"]


def _stateful(call) -> bool:
    return any(k.arg == "on_change" for k in call.keywords)


def _reads_open(tree) -> ast.Attribute | None:
    return next((n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "open"
                 and isinstance(n.ctx, ast.Load)), None)


def _forecast_functions(tree) -> set[str]:
    """The app's functions that fit the forecast, and the service itself."""
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
            and WORK in work_names(n)} | {WORK}


def _called(call: ast.Call) -> str | None:
    return getattr(call.func, "attr", getattr(call.func, "id", None))


def _cached(tree, names) -> ast.FunctionDef | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in names:
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if isinstance(target, ast.Attribute) and target.attr in ("cache_data",
                                                                         "cache_resource"):
                    return node
    return None


def cached_instead_of_lazy(ctx) -> Finding | None:
    tabs = _tabs_calls(ctx.tree)
    if any(_stateful(t) for t in tabs):
        return None
    found = _cached(ctx.tree, _forecast_functions(ctx.tree))
    return Finding("", found.lineno) if found else None


def computed_outside_the_if(ctx) -> Finding | None:
    """A call of the forecast function that no `if <tab>.open:` guards."""
    if not any(_stateful(t) for t in _tabs_calls(ctx.tree)):
        return None
    names = _forecast_functions(ctx.tree)

    def walk(node, guarded):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef):
                continue  # the function's own body is not where it is called
            if isinstance(child, ast.If) and _reads_open(child.test):
                for part in child.body:
                    found = walk_one(part, True)
                    if found:
                        return found
                for part in child.orelse:
                    found = walk_one(part, guarded)
                    if found:
                        return found
                continue
            found = walk_one(child, guarded)
            if found:
                return found
        return None

    def walk_one(node, guarded):
        if isinstance(node, ast.Call) and _called(node) in names and not guarded:
            return Finding("", node.lineno)
        return walk(node, guarded)

    return walk(ctx.tree, False)


def open_without_on_change(ctx) -> Finding | None:
    tabs = _tabs_calls(ctx.tree)
    used = _reads_open(ctx.tree)
    if tabs and used and not any(_stateful(t) for t in tabs):
        return Finding("", tabs[0].lineno)
    return None


CHECKS = [
    no_problems(points=1),
    Check(WAITS, 3, lambda ctx: heavy_runs_while_closed(ctx, before_first_open=True), task=1),
    Check(LEAVES, 2, lambda ctx: heavy_runs_while_closed(ctx, before_first_open=False), task=1),
    same_display(points=2, task=2, open_tab_only=True, name=SAME),
]

MISTAKES = [
    Mistake(
        "cached-instead-of-lazy", check=WAITS, when=cached_instead_of_lazy,
        message="Caching the forecast means each region's model is fitted only once, but it is "
                "still fitted as soon as the page opens, before anyone looks at the Forecast "
                "tab: a plain `st.tabs` runs the code of every tab on every rerun. Give "
                "`st.tabs` `on_change=\"rerun\"` and draw the Forecast tab only "
                "`if forecast.open:`.",
    ),
    Mistake(
        "computed-outside-the-if", check=WAITS, when=computed_outside_the_if,
        message="This call runs the forecast outside the `if forecast.open:` block, so it still "
                "runs on every rerun, whichever tab is open; only drawing the chart waits. Move "
                "the call inside the `if`, next to the chart that uses it.",
    ),
    Mistake(
        "open-without-on-change", check=SAME, when=open_without_on_change,
        message="Without `on_change=\"rerun\"`, every tab's `.open` is `None`, so a test like "
                "`if forecast.open:` is never true: the Forecast tab stays empty. Pass "
                "`on_change=\"rerun\"` to `st.tabs`; then `.open` is `True` for the open tab "
                "and opening a tab reruns the script.",
    ),
]
