import ast

from checkers import display
from checkers.spec import *
from checkers.static import decorated, work_names

SCENARIO = [
    start(),
    choose("Region", "South"),
    set_value("Products", ["Tea", "Coffee"]),
    tick(10),
    open_tab("Forecast"),
    set_value("Weeks ahead", 12),
    click("Refresh orders"),
    choose("Region", "West"),
    open_tab("Data"),
    tick(20),
    start(session=1),  # a second visitor, on the same server
    open_tab("Forecast", session=1),
    choose("Region", "South", session=1),
    tick(10, session=1),
    rerun(),  # back in the first browser tab
]

HEAVY = "Forecast"
FASTEST, SLOWEST = 5, 10  # seconds between refreshes of the live panel
LIVE_WORK = "orders_last_hour"  # speedlit.orders_last_hour(): its answer changes every 10 s
LIVE = "Orders in the last hour"  # the live metric's label
PERIOD = 10  # seconds between changes of the order table (checkers.services)

LOADED_ONCE = "The sales data is loaded once, for both visitors"
RIGHT_CACHE = "The DataFrame is cached with st.cache_data"
TRAINED_ONCE = "The model is trained once, for both visitors"
MODEL_CACHE = "The model is cached with st.cache_resource"
LAZY = "The forecast runs only while its tab is open"
TIMER = "The live panel refreshes itself every 5 to 10 seconds, alone"
FRESH = "Every refresh asks the order table again"
BUTTON = "“Refresh orders” reruns only the live panel"
SAME = "Every visitor sees what the original dashboard showed, after every step"


# ---------------------------------------------------------------- counts per step
def forecast_only_when_open(ctx) -> str | None:
    for step, tab in zip(ctx.steps, open_tabs(ctx)):
        n = int(step["calls"].get("forecast", 0))
        if n and tab != HEAVY:
            where = f"the {tab} tab" if tab else "another tab"
            return (f"When the grader did “{step['said']}”, {where} was open, but the "
                    f"forecast ran {times(n)}. Run it only while the Forecast tab is open "
                    "(a plain `st.tabs` runs the code of every tab on every rerun).")
    return None


def refreshes_on_time(ctx) -> str | None:
    for step in ctx.steps:
        if step["step"].get("do") != "tick":
            continue
        seconds = float(step["step"]["seconds"])
        fired = int(step["runs"].get("fragment", 0))
        if step["runs"].get("script"):
            return (f"During “{step['said']}”, the whole dashboard reran. Only the live panel "
                    "should rerun on its timer.")
        low, high = int(seconds // SLOWEST), int(seconds // FASTEST)
        if fired < low:
            got = "did not refresh at all" if not fired else f"refreshed only {times(fired)}"
            return (f"During “{step['said']}”, the live panel {got}; it should refresh "
                    f"itself at least every {SLOWEST} seconds.")
        if fired > high:
            return (f"During “{step['said']}”, the live panel refreshed {times(fired)}, "
                    f"more often than every {FASTEST} seconds. Use a longer `run_every`.")
    return None


# ---------------------------------------------------------------- the live number
# The order table's answer changes every PERIOD seconds of scenario time, and a panel
# refreshing every 5 to 10 s may show the answer of the current period or of the one before.
# The reference (run_every=10, every action at a multiple of 10 s) shows the answer of each
# period it passes: after each step, and, while a timer fires in one browser tab alone, at
# each call (the light snapshot of the page taken when the table is asked shows the previous
# refresh's answer).
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
    """What the order table answered in each period, as the reference showed it."""
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
    """The live number after each step is an answer the table gave in the last 10 s."""
    known = answers_by_period(ctx)
    for step, (begin, end) in zip(ctx.steps, _ends(ctx.steps)):
        now = int(end // PERIOD)
        # a step that asked (a click, a rerun) shows this period's answer; a wait may end
        # a few seconds after the last refresh
        waited = step["step"].get("do") == "tick" or not step["calls"].get(LIVE_WORK)
        fresh = set().union(*(known.get(p, set()) for p in ([now - 1, now] if waited else [now])))
        shown = _live_value(step["display"])
        if fresh and shown is not None and shown not in fresh:
            return (f"After “{step['said']}” the panel shows {shown} orders in the last hour, "
                    f"but the order table said {' or '.join(sorted(map(str, fresh)))} at that "
                    "time. Show the number the table answers, asked again on every refresh.")
    return None


def queried_on_every_refresh(ctx) -> str | None:
    for step in ctx.steps:
        reran = int(step["runs"].get("fragment", 0)) + int(step["runs"].get("script", 0))
        asked = int(step["calls"].get(LIVE_WORK, 0))
        if asked < reran:
            return (f"When the grader did “{step['said']}”, the page or panel ran "
                    f"{times(reran)} but asked the order table only {times(asked)}: the "
                    "number shown was an old one. Leave the live query uncached.")
    return stale_number(ctx)


def same_page(ctx) -> str | None:
    """``same_display(open_tab_only=True)``, but the live number is judged by FRESH: a panel
    on another timer (5 to 10 s) may show the table's answer a few seconds older or newer."""

    def masked(items):
        return [dict(e, value="…") if e.get("type") == "metric" and e.get("label") == LIVE
                else e for e in items]

    for mine, ref, tab in zip(ctx.steps, ctx.reference["steps"], open_tabs(ctx)):
        got = masked(display.visible(mine["display"], tab))
        want = masked(display.visible(ref["display"], tab))
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

def _is_session_state(node) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "session_state" for n in ast.walk(node))


def _trainers(tree) -> set[str]:
    """The app's functions that train the model, and the service itself."""
    return functions_doing(tree, "train_model") | {"train_model"}


def _called(call: ast.Call) -> str | None:
    return getattr(call.func, "attr", getattr(call.func, "id", None))


def kept_in_session_state(ctx) -> Finding | None:
    """The model is stored in st.session_state (one per browser tab) instead of a cache."""
    trainers = _trainers(ctx.tree)
    if any(d.kind == "cache_resource" and d.name in trainers and "scope" not in d.options
           for d in decorated(ctx.tree)):
        return None
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Assign) and any(_is_session_state(t) for t in node.targets):
            for call in ast.walk(node.value):
                if isinstance(call, ast.Call) and _called(call) in trainers:
                    return Finding("", node.lineno)
    return None


def session_scoped_model(ctx) -> Finding | None:
    trainers = _trainers(ctx.tree)
    for item in decorated(ctx.tree):
        if item.kind in ("cache_resource", "cache_data") and item.name in trainers:
            scope = item.options.get("scope")
            if isinstance(scope, ast.Constant) and scope.value == "session":
                return Finding("", item.line)
    return None


def model_in_cache_data(ctx) -> Finding | None:
    for item in decorated(ctx.tree):
        if item.kind == "cache_data" and "train_model" in work_names(item.function):
            return Finding(f"`{item.name}` returns a model but is cached with "
                           "`@st.cache_data`.", item.line)
    return None


def _stateful_tabs(tree) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and n.func.attr == "tabs" and any(k.arg == "on_change" for k in n.keywords)
               for n in ast.walk(tree))


def _reads_open(node) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "open" for n in ast.walk(node))


def forecast_outside_the_if(ctx) -> Finding | None:
    """`.forecast(...)` called where no `if <tab>.open:` guards it (stateful tabs in use)."""
    if not _stateful_tabs(ctx.tree):
        return None

    def walk(node, guarded):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.ClassDef)):
                continue
            if isinstance(child, ast.If) and _reads_open(child.test):
                found = walk_all(child.body, True) or walk_all(child.orelse, guarded)
            else:
                found = visit(child, guarded)
            if found:
                return found
        return None

    def walk_all(nodes, guarded):
        return next((f for f in (visit(n, guarded) for n in nodes) if f), None)

    def visit(node, guarded):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "forecast" and not guarded):
            return Finding("", node.lineno)
        return walk(node, guarded)

    return walk(ctx.tree, False)


def fragment_without_timer(ctx) -> Finding | None:
    found = [d for d in decorated(ctx.tree) if d.kind == "fragment"]
    if found and not any("run_every" in d.options for d in found):
        return Finding("", found[0].line)
    return None


CHECKS = [
    no_problems(points=1),
    calls("read_sales", exactly=1, points=3, task=1, name=LOADED_ONCE,
          what="Reading the sales file (`speedlit.read_sales()`)"),
    static(decorated_with("cache_resource", work="read_sales",
                          message="The loader returns a DataFrame but is cached with "
                                  "`@st.cache_resource`."),
           points=1, task=1, name=RIGHT_CACHE),
    calls("train_model", exactly=1, points=2, task=2, name=TRAINED_ONCE,
          what="Training the model (`speedlit.train_model()`)"),
    static(model_in_cache_data, points=1, task=2, name=MODEL_CACHE),
    Check(LAZY, 3, forecast_only_when_open, task=3),
    Check(TIMER, 2, refreshes_on_time, task=4),
    Check(FRESH, 1, queried_on_every_refresh, task=4),
    fragment_only("Refresh orders", points=2, task=4, name=BUTTON),
    Check(SAME, 3, same_page, task=5),
]

MISTAKES = [
    Mistake(
        "cache-resource-for-data", check=RIGHT_CACHE,
        when=decorated_with("cache_resource", work="read_sales"),
        message="`@st.cache_resource` hands every session the *same* DataFrame object, so one "
                "visitor's change to it (a sort in place, a new column) would show up for "
                "everyone. Data belongs in `@st.cache_data`, which gives each caller a fresh "
                "copy.",
    ),
    Mistake(
        "cache-data-for-model", check=MODEL_CACHE, when=model_in_cache_data,
        message="`@st.cache_data` pickles the model when it is stored and unpickles a fresh copy "
                "on every call, so each rerun pays for copying it (and a model that cannot be "
                "pickled fails outright). A model that is only read belongs in "
                "`@st.cache_resource`: one object, shared by every session.",
    ),
    Mistake(
        "model-in-session-state", check=TRAINED_ONCE, when=kept_in_session_state,
        message="`st.session_state` belongs to one browser tab: the second visitor starts with "
                "an empty one and trains the model again. A model that is only read can be "
                "shared: put the training in a function (`load_model`) decorated with "
                "`@st.cache_resource`, and every session "
                "gets the same object.",
    ),
    Mistake(
        "session-scoped-model", check=TRAINED_ONCE, when=session_scoped_model,
        message="`scope=\"session\"` gives every browser tab its own cache entry, so the second "
                "visitor trains the model again. The model is only read, so it can be shared: "
                "drop `scope=\"session\"` from `@st.cache_resource`.",
    ),
    Mistake(
        "forecast-outside-the-if", check=LAZY, when=forecast_outside_the_if,
        message="This call runs the forecast outside the `if forecast.open:` block, so it runs "
                "on every rerun whichever tab is open; only drawing the chart waits. Move the "
                "call inside the `if`.",
    ),
    Mistake(
        "fragment-without-timer", check=TIMER, when=fragment_without_timer,
        message="A plain `@st.fragment` reruns only when a widget inside it is used; nothing "
                "reruns it on its own. Give it a timer: `@st.fragment(run_every=10)` reruns it "
                "every 10 seconds while the page is open, and only it.",
    ),
]
