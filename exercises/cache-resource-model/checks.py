import ast

from checkers.spec import *
from checkers.static import decorated, option_value, work_names

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
TRAIN, READ = "train_model", "read_sales"  # the services: speedlit.train_model(), read_sales()


# ---------------------------------------------------------------- where the model is built
def _model_classes(tree: ast.Module) -> set[str]:
    """Classes whose methods train the model (``speedlit.train_model()``)."""
    return {node.name for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and TRAIN in work_names(node)}


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", None))
    return names - {None}


def _builders(tree: ast.Module) -> list[ast.FunctionDef]:
    """Functions outside the model class that train the model, directly or through a helper."""
    inside_class = {id(n) for c in ast.walk(tree) if isinstance(c, ast.ClassDef)
                    for n in ast.walk(c)}
    functions = [n for n in ast.walk(tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and id(n) not in inside_class]
    makers = _model_classes(tree)
    found = {f.name for f in functions
             if TRAIN in work_names(f) or _called_names(f) & makers}
    found |= {f.name for f in functions if _called_names(f) & found}  # one helper further
    return [f for f in functions if f.name in found]


def _cache_kinds(function: ast.FunctionDef) -> dict[str, dict]:
    return {d.kind: d for d in decorated(ast.Module(body=[function], type_ignores=[]))
            if d.function is function and d.kind in ("cache_data", "cache_resource")}


def model_in_cache_data(ctx):
    for function in _builders(ctx.tree):
        kinds = _cache_kinds(function)
        if "cache_data" in kinds:
            return Finding(f"`{function.name}` returns the model and is cached with "
                           "`@st.cache_data`.", kinds["cache_data"].line)
    return None


def model_not_cached(ctx):
    builders = _builders(ctx.tree)
    if builders and not any(_cache_kinds(f) for f in builders):
        return Finding(f"`{builders[0].name}` builds the model and is not cached.",
                       builders[0].lineno)
    return None


def model_cached(ctx):
    for function in _builders(ctx.tree):
        kinds = _cache_kinds(function)
        if kinds:
            return Finding(f"`{function.name}` is cached.", next(iter(kinds.values())).line)
    return None


def _session_state(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "session_state" or
               isinstance(n, ast.Name) and n.id == "session_state" for n in ast.walk(node))


def model_per_session(ctx):
    """The model is kept in st.session_state, or cached with scope="session"."""
    makers = _model_classes(ctx.tree) | {f.name for f in _builders(ctx.tree)} | {TRAIN}
    for function in _builders(ctx.tree):
        for kind in _cache_kinds(function).values():
            if option_value(kind, "scope") == "session":
                return Finding("The model's cache has `scope=\"session\"`.", kind.line)
    for node in ast.walk(ctx.tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_session_state(t) for t in targets) and node.value is not None \
                    and _called_names(node.value) & makers:
                return Finding("The model is stored in `st.session_state`.", node.lineno)
        if isinstance(node, ast.Call) and _session_state(node.func) \
                and any(_called_names(a) & makers
                        for a in node.args + [k.value for k in node.keywords]):
            return Finding("The model is stored in `st.session_state`.", node.lineno)
    return None


CHECKS = [
    no_problems(points=1),
    calls(TRAIN, exactly=1, points=3, task=1, name=BUILT_ONCE,
          what="Training the model (`speedlit.train_model()`)"),
    static(model_in_cache_data, points=1, task=1, name=MODEL_SHARED),
    calls(READ, exactly=1, points=1, task=2, name=DATA_ONCE,
          what="Reading the sales data (`speedlit.read_sales()`)"),
    static(decorated_with("cache_resource", work=READ,
                          message="The function that reads the sales data returns a DataFrame "
                                  "but is cached with `@st.cache_resource`."),
           points=1, task=2, name=DATA_COPIED),
    same_display(points=2, task=3, name="Every forecast is right, in both browser tabs"),
]

MISTAKES = [
    Mistake(
        "model-per-session", check=BUILT_ONCE, when=model_per_session,
        message="`st.session_state` (and a cache with `scope=\"session\"`) belongs to one "
                "browser session, so every new visitor trains a model of their own: the second "
                "tab trained it again. Cache the function that builds the model with "
                "`@st.cache_resource` (default scope): every session on the server then shares "
                "the one object.",
    ),
    Mistake(
        "model-not-cached", check=BUILT_ONCE, when=model_not_cached,
        message="The function that builds the model is not cached, so every rerun in every "
                "session trains it again. Put `@st.cache_resource` on it: the model is then "
                "built once and the same object is shared by every rerun and every session.",
    ),
    Mistake(
        "model-in-cache-data", check=MODEL_SHARED, when=model_in_cache_data,
        message="`@st.cache_data` pickles what the function returns and unpickles a fresh copy "
                "on every call, so every rerun copies the whole model (and a model that cannot "
                "be pickled would fail with `UnserializableReturnValueError`). A model is "
                "something you *use*, not data: cache it with `@st.cache_resource`, which "
                "stores the object itself and hands every caller the same one.",
    ),
    Mistake(
        "data-not-cached", check=DATA_ONCE, when=all_of(model_cached, not_cached(READ)),
        message="The model is cached, but `load_sales` is not, so the file is still read on "
                "every rerun (the model's cache only skips training). Cache `load_sales` too, "
                "with `@st.cache_data`.",
    ),
    Mistake(
        "data-in-cache-resource", check=DATA_COPIED,
        when=decorated_with("cache_resource", work=READ),
        message="`@st.cache_resource` hands every session the *same* DataFrame object, so one "
                "user's in-place change (a sort, a new column) would show up for everyone. "
                "Keep `@st.cache_resource` for the model; data belongs in `@st.cache_data`, "
                "which gives each caller its own copy.",
    ),
]
