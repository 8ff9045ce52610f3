import ast

from checkers import caching, display
from checkers.spec import *

TRAIN, READ = "train_model", "read_sales"  # the services: speedlit.train_model(), read_sales()

SCENARIO = [
    start(),
    choose("Region", "West"),
    set_value("Months ahead", 4),
    start(session=1),  # a second browser tab on the same server
    choose("Product", "Tea", session=1),
    choose("Product", "Coffee"),  # back in the first tab
    rerun(session=1),
]

BUILT_ONCE = "The model is built once for all sessions"
MODEL_SHARED = "The model is shared with st.cache_resource"
DATA_ONCE = "The sales data is loaded once"
DATA_COPIED = "The DataFrame is cached with st.cache_data"
SAME = "Every forecast is right, in both browser tabs"


# ---------------------------------------------------------------- local helper
def _wraps_service(tree, work: str, kind: str) -> int | None:
    """The line where the source wraps the service itself, ``st.<kind>(speedlit.<work>)``
    (the cached function then lives in ``speedlit``, where ``caching.confirmed`` cannot see
    its lines)."""
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Call) and node.args and \
                isinstance(node.args[0], ast.Attribute) and node.args[0].attr == work:
            func = node.func.func if isinstance(node.func, ast.Call) else node.func
            if getattr(func, "attr", getattr(func, "id", None)) == kind:
                return node.lineno
    return None


def cache_kind(work: str, kind: str, *, what: str, name: str, points: int, task: int,
               requires) -> Check:
    """``cached_as``, also accepting the service wrapped directly (``st.cache_resource(
    speedlit.train_model)``): the app's report names the service, and the source wraps it."""
    plain = cached_as(work, kind, what=what, name=name, points=points, task=task,
                      requires=requires)

    def judge(ctx):
        details = ctx.details(work)
        if details and all(d.get("cached") and d["cached"][-1].get("kind") == kind and
                           d["cached"][-1].get("function") == work and
                           _wraps_service(ctx.tree, work, kind) for _, d in details):
            return None
        return plain.judge(ctx)

    return Check(name, points, judge, task, plain.requires)


# ---------------------------------------------------------------- rules for mistakes
def _train_calls_by_session(ctx) -> dict[int, int]:
    counts: dict[int, int] = {}
    for _, detail in ctx.details(TRAIN):
        counts[detail.get("session", 0)] = counts.get(detail.get("session", 0), 0) + 1
    return counts


def _line_storing_in_state(ctx) -> int | None:
    for node in ast.walk(ctx.tree) if ctx.tree else ():
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(touches_state(t) for t in targets):
                return node.lineno
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "setdefault" and touches_state(node.func):
            return node.lineno
    return None


def trained_per_session(ctx) -> Finding | None:
    """Behaviour: every browser tab trained the model exactly once (so reruns reuse it, but
    each session keeps its own)."""
    counts = _train_calls_by_session(ctx)
    if len(counts) < 2 or set(counts.values()) != {1}:
        return None
    for _, detail in ctx.details(TRAIN):
        for cache in detail.get("cached", []):
            if cache.get("scope") == "session" and caching.confirmed(cache, ctx.tree):
                return Finding("a cache with `scope=\"session\"`", cache.get("line"))
    return Finding("`st.session_state`", _line_storing_in_state(ctx))


def _clear_call(tree) -> int | None:
    """A ``….clear()`` of a Streamlit cache (``st.cache_resource.clear()``,
    ``load_model.clear()``)."""
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "clear" and not node.args:
            return node.lineno
    return None


def _retrained_in_cache(ctx) -> list[dict]:
    """The (confirmed) caches the model was trained in, when it was trained more than once
    and every time inside a Streamlit cache."""
    found = [[c for c in detail.get("cached", []) if caching.confirmed(c, ctx.tree)]
             for _, detail in ctx.details(TRAIN)]
    if len(found) < 2 or not all(found):
        return []
    return [caches[-1] for caches in found]


def cleared_every_run(ctx) -> Finding | None:
    caches = _retrained_in_cache(ctx)
    line = _clear_call(ctx.tree)
    if caches and line:
        return Finding("", line)
    return None


def _parameters(tree, function: str) -> list[str]:
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            return [a.arg for a in args if not a.arg.startswith("_")]
    return []


def keyed_by_choice(ctx) -> Finding | None:
    """Behaviour: the model was trained again inside the same cache; source: that cached
    function takes arguments, so each new choice is a new cache entry."""
    caches = _retrained_in_cache(ctx)
    if not caches:
        return None
    function = caches[0]["function"].rsplit(".", 1)[-1]
    params = _parameters(ctx.tree, function)
    if not params:
        return None
    said = ", ".join(f"`{p}`" for p in params)
    return Finding(f"`{function}` takes {said}", caches[0].get("line"))


def _first_selectbox_differs(ctx) -> str | None:
    """The label of a selectbox that opens on another choice than the reference's."""
    mine = display.flatten(ctx.steps[0]["display"])
    ref = display.flatten(ctx.ref_steps[0]["display"])
    theirs = {i.get("label"): i.get("value") for i in ref if i.get("type") == "selectbox"}
    for item in mine:
        label = item.get("label")
        if item.get("type") == "selectbox" and label in theirs and \
                item.get("value") != theirs[label]:
            return label
    return None


def options_unsorted(ctx) -> Finding | None:
    label = _first_selectbox_differs(ctx)
    if label is None:
        return None
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "selectbox" and \
                node.args and isinstance(node.args[0], ast.Constant) and \
                node.args[0].value == label and len(node.args) > 1:
            options = node.args[1]
            if not (isinstance(options, ast.Call) and
                    getattr(options.func, "id", None) == "sorted"):
                return Finding(f"'{label}'", node.lineno)
    return None


def never_trained(ctx) -> Finding | None:
    return Finding("") if not ctx.total_calls(TRAIN) and ctx.total_calls(TRAIN, True) else None


def kept_in_global(ctx) -> Finding | None:
    """Source: the function that trains the model keeps it in a ``global`` variable."""
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.FunctionDef) and node.name in functions_doing(ctx.tree, TRAIN):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Global):
                    return Finding(f"`{inner.names[0]}`", inner.lineno)
    return None


CHECKS = [
    no_problems(),
    calls(TRAIN, exactly=REF, points=3, task=1, name=BUILT_ONCE,
          what="Training the model (`speedlit.train_model()`)"),
    cache_kind(TRAIN, "cache_resource", points=1, task=1, name=MODEL_SHARED,
               what="Training the model", requires=BUILT_ONCE),
    calls(READ, exactly=REF, points=2, task=2, name=DATA_ONCE,
          what="Reading the sales data (`speedlit.read_sales()`)"),
    cache_kind(READ, "cache_data", points=1, task=2, name=DATA_COPIED,
               what="Reading the sales data", requires=DATA_ONCE),
    same_page(points=2, task=3, name=SAME, requires=BUILT_ONCE),
]

MISTAKES = [
    Mistake(
        "model-never-trained", check=BUILT_ONCE, when=never_trained,
        message="Your app never trains the model, so the forecast it shows cannot be the "
                "model's. Keep `speedlit.train_model()` and `predict`, and cache the training "
                "with `@st.cache_resource`.",
    ),
    Mistake(
        "model-per-session", check=BUILT_ONCE, when=trained_per_session,
        message="Your app keeps the model in {found}, which belongs to one browser session: "
                "reruns reuse it, but the second browser tab trained the model again. Cache "
                "the function that builds the model with `@st.cache_resource` (default scope): "
                "every session on the server then shares the one object.",
    ),
    Mistake(
        "cache-cleared", check=BUILT_ONCE, when=cleared_every_run,
        message="The model is cached, but this `.clear()` empties the cache each time it runs, "
                "so later reruns trained the model again. Remove it: a cached model stays valid "
                "while the server runs.",
    ),
    Mistake(
        "cached-per-choice", check=BUILT_ONCE, when=keyed_by_choice,
        message="The training runs inside a cached function, but {found}: every new choice is "
                "a new cache entry, so each one trains the model again. Cache a function that "
                "only trains the model and takes no arguments, and call `predict` on the model "
                "it returns, outside the cache.",
    ),
    Mistake(
        "module-variable", check=BUILT_ONCE, when=all_of(not_cached(TRAIN), kept_in_global),
        message="A variable of the script does not outlive a run: Streamlit runs the whole "
                "script from the top on every rerun, so {found} is reset at the top of every run and the "
                "model is trained again. Cache the function that builds the model with "
                "`@st.cache_resource` instead: its cache lives as long as the server.",
    ),
    Mistake(
        "model-not-cached", check=BUILT_ONCE, when=not_cached(TRAIN),
        message="The model is trained outside any Streamlit cache, so every rerun in every "
                "session trains it again. Put `@st.cache_resource` on the function that calls "
                "`speedlit.train_model()`: the model is then built once and the same object is "
                "shared by every rerun and every session.",
    ),
    Mistake(
        "model-in-cache-data", check=MODEL_SHARED, when=cached_kind(TRAIN, "cache_data"),
        message="`st.cache_data` pickles what the function returns and unpickles a fresh copy "
                "on every call, so every rerun copies the whole model (and a model that cannot "
                "be pickled would fail with `UnserializableReturnValueError`). A model is "
                "something you *use*, not data: cache it with `@st.cache_resource`, which "
                "stores the object itself and hands every caller the same one.",
    ),
    Mistake(
        "data-not-cached", check=DATA_ONCE, when=not_cached(READ),
        message="The sales data is read outside any Streamlit cache, so the file is read "
                "again on every rerun in every tab. Put `@st.cache_data` on the function that "
                "calls `speedlit.read_sales()`.",
    ),
    Mistake(
        "data-in-cache-resource", check=DATA_COPIED, when=cached_kind(READ, "cache_resource"),
        message="`st.cache_resource` hands every session the *same* DataFrame object, so one "
                "user's in-place change (a sort, a new column) would show up for everyone. "
                "Keep `@st.cache_resource` for the model; data belongs in `@st.cache_data`, "
                "which gives each caller its own copy.",
    ),
    Mistake(
        "options-unsorted", check=SAME, when=options_unsorted,
        message="The selectbox {found} opens on another choice than the original app: its "
                "options are no longer sorted, so another option comes first (and is the "
                "default). Keep the widgets as they were, options in `sorted(...)` order.",
    ),
]
