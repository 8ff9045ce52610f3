import ast

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


def queried_on_every_refresh(ctx) -> str | None:
    for step in ctx.steps:
        reran = int(step["runs"].get("fragment", 0)) + int(step["runs"].get("script", 0))
        asked = int(step["calls"].get("orders_now", 0))
        if asked < reran:
            return (f"When the grader did “{step['said']}”, the page or panel ran "
                    f"{times(reran)} but asked the order table only {times(asked)}: the "
                    "number shown was an old one. Leave the live query uncached.")
    return None


# ---------------------------------------------------------------- reading the code

def _is_session_state(node) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "session_state" for n in ast.walk(node))


def kept_in_session_state(ctx) -> Finding | None:
    """The model is stored in st.session_state (one per browser tab) instead of a cache."""
    trainers = functions_doing(ctx.tree, "train_model")
    if any(d.kind == "cache_resource" and d.name in trainers and "scope" not in d.options
           for d in decorated(ctx.tree)):
        return None
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Assign) and any(_is_session_state(t) for t in node.targets):
            for call in ast.walk(node.value):
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) \
                        and call.func.id in trainers:
                    return Finding("", node.lineno)
    return None


def session_scoped_model(ctx) -> Finding | None:
    trainers = functions_doing(ctx.tree, "train_model")
    for item in decorated(ctx.tree):
        if item.kind in ("cache_resource", "cache_data") and item.name in trainers:
            scope = item.options.get("scope")
            if isinstance(scope, ast.Constant) and scope.value == "session":
                return Finding("", item.line)
    return None


def model_in_cache_data(ctx) -> Finding | None:
    for item in decorated(ctx.tree):
        if item.kind == "cache_data" and "train_model" in work_names(item.function):
            return Finding("`train_model` returns a model but is cached with `@st.cache_data`.",
                           item.line)
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
    calls("load_sales", exactly=1, points=2, task=1, name=LOADED_ONCE,
          what="Loading the data (`speedlit.slow(\"load_sales\")`)"),
    calls("open:sales.csv", exactly=1, points=1, task=1, what="Reading sales.csv",
          name="sales.csv is read once"),
    static(decorated_with("cache_resource", work="load_sales", returning_frame=True,
                          message="The loader returns a DataFrame but is cached with "
                                  "`@st.cache_resource`."),
           points=1, task=1, name=RIGHT_CACHE),
    calls("train_model", exactly=1, points=2, task=2, name=TRAINED_ONCE,
          what="Training the model (`speedlit.slow(\"train_model\")`)"),
    static(model_in_cache_data, points=1, task=2, name=MODEL_CACHE),
    Check(LAZY, 3, forecast_only_when_open, task=3),
    Check(TIMER, 2, refreshes_on_time, task=4),
    Check(FRESH, 1, queried_on_every_refresh, task=4),
    fragment_only("Refresh orders", points=2, task=4, name=BUTTON),
    same_display(points=3, task=5, open_tab_only=True, name=SAME),
]

MISTAKES = [
    Mistake(
        "cache-resource-for-data", check=RIGHT_CACHE,
        when=decorated_with("cache_resource", work="load_sales", returning_frame=True),
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
                "shared: decorate `train_model` with `@st.cache_resource`, and every session "
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
