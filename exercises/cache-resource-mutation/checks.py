import ast
import re

from checkers import display
from checkers.spec import *
from checkers.static import decorated, option_value, work_names

SCENARIO = [
    start(),
    set_value("Word", "Delivery"),  # inside the form: nothing reruns until "Add word"
    set_value("Weight", -2),
    click("Add word"),
    start(session=1),  # a second visitor, in another browser tab
    set_value("Word", "food", session=1),
    set_value("Weight", 2, session=1),
    click("Add word", session=1),
    set_value("Review", "Slow delivery, cold food"),  # back in the first tab
    rerun(session=1),
]

LOADED_ONCE = "The model is loaded once for all sessions"
NO_LEAKS = "What one tab adds never shows in another"
KEPT = "Each tab keeps its own words; the page is the same"
LOAD = "load_sentiment_model"  # the service: speedlit.load_sentiment_model()


# ---------------------------------------------------------------- behaviour
def _counted_words(step: dict) -> set[str] | None:
    """The words in the "Counted: …" caption, or None when the page shows no such caption."""
    for item in display.flatten(step["display"]):
        text = item.get("value")
        if isinstance(text, str) and text.startswith("Counted:"):
            return set(re.findall(r"([^\s,:]+) [+-]\d", text))
    return None


def _added_by_tab(steps: list[dict]) -> list[dict[int, set[str]]]:
    """For each step: the words each tab had added (by the scenario) up to that step."""
    typed: dict[int, str] = {}
    added: dict[int, set[str]] = {}
    out = []
    for step in steps:
        action, tab = step["step"], step["session"]
        if action.get("do") == "set" and action.get("widget") == "Word":
            typed[tab] = str(action["value"]).strip().lower()
        elif action.get("do") == "click" and action.get("widget") == "Add word" and typed.get(tab):
            added.setdefault(tab, set()).add(typed[tab])
        out.append({t: set(w) for t, w in added.items()})
    return out


def no_leaks(ctx):
    added = _added_by_tab(ctx.steps)
    for mine, ref, so_far in zip(ctx.steps, ctx.reference["steps"], added):
        got, want = _counted_words(mine), _counted_words(ref)
        if got is None or want is None:
            continue
        tab = mine["session"]
        others = set().union(*(w for t, w in so_far.items() if t != tab)) - so_far.get(tab, set())
        leaked = sorted((got - want) & others)
        if leaked:
            return (f"After “{mine['said']}”, browser tab {tab + 1} counts "
                    f"{', '.join(repr(w) for w in leaked)}, which only the other tab added.")
    return None


# ---------------------------------------------------------------- code
def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", None))
    return names - {None}


def _model_loaders(tree: ast.Module) -> dict[str, list]:
    """Functions outside the model class that create the model, with their cache decorators."""
    classes = {n.name for n in ast.walk(tree)
               if isinstance(n, ast.ClassDef) and LOAD in work_names(n)}
    inside_class = {id(n) for c in ast.walk(tree) if isinstance(c, ast.ClassDef)
                    for n in ast.walk(c)}
    loaders = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                id(node) not in inside_class and \
                (LOAD in work_names(node) or _called_names(node) & classes):
            loaders[node.name] = [d for d in decorated(tree) if d.function is node
                                  and d.kind in ("cache_data", "cache_resource")]
    return loaders


def _root(node: ast.AST) -> ast.AST:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node


def _shared_names(tree: ast.Module) -> set[str]:
    """Variables that hold the shared model (``model = load_model()``)."""
    shared = {name for name, kinds in _model_loaders(tree).items()
              if any(d.kind == "cache_resource" for d in kinds)}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                getattr(node.value.func, "id", None) in shared:
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _is_shared(node: ast.AST, tree: ast.Module, names: set[str]) -> bool:
    """Whether an expression such as ``model.weights`` reaches into the shared model."""
    root = _root(node)
    shared = {name for name, kinds in _model_loaders(tree).items()
              if any(d.kind == "cache_resource" for d in kinds)}
    if isinstance(root, ast.Name):
        return root.id in names
    return isinstance(root, ast.Call) and getattr(root.func, "id", None) in shared


MUTATORS = {"update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert",
            "remove", "__setitem__", "__delitem__"}


def mutates_shared_model(ctx):
    names = _shared_names(ctx.tree)
    for node in ast.walk(ctx.tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for target in targets:
            if isinstance(target, (ast.Subscript, ast.Attribute)) and \
                    _is_shared(target, ctx.tree, names):
                return Finding("This line changes the shared model.", node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in MUTATORS and _is_shared(node.func.value, ctx.tree, names):
            return Finding("This line changes the shared model.", node.lineno)
    return None


def _session_state(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "session_state" or
               isinstance(n, ast.Name) and n.id == "session_state" for n in ast.walk(node))


def state_holds_the_shared_object(ctx):
    """``st.session_state.x = model.weights``: a second name for the shared dict, not a copy."""
    names = _shared_names(ctx.tree)
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Assign) and any(_session_state(t) for t in node.targets) and \
                isinstance(node.value, (ast.Attribute, ast.Subscript, ast.Name)) and \
                not _session_state(node.value) and _is_shared(node.value, ctx.tree, names):
            return Finding("This puts the shared model's own dict into session state.",
                           node.lineno)
    return None


def session_scoped_model(ctx):
    for kinds in _model_loaders(ctx.tree).values():
        for item in kinds:
            if item.kind == "cache_resource" and option_value(item, "scope") == "session":
                return Finding("The model's cache has `scope=\"session\"`.", item.line)
    return None


def model_in_cache_data(ctx):
    for kinds in _model_loaders(ctx.tree).values():
        for item in kinds:
            if item.kind == "cache_data":
                return Finding(f"`{item.name}` is cached with `@st.cache_data`.", item.line)
    return None


def words_in_a_plain_variable(ctx):
    if "session_state" in ctx.source or mutates_shared_model(ctx):
        return None
    return Finding("Nothing is kept in `st.session_state`.")


CHECKS = [
    no_problems(points=1),
    calls(LOAD, exactly=1, points=2, task=1, name=LOADED_ONCE,
          what="Loading the model (`speedlit.load_sentiment_model()`)"),
    Check(NO_LEAKS, 3, no_leaks, task=2),
    same_display(points=2, task=3, name=KEPT),
]

MISTAKES = [
    Mistake(
        "session-scoped-model", check=LOADED_ONCE, when=session_scoped_model,
        message="`scope=\"session\"` gives each browser session its own model, so nothing leaks "
                "any more, but every visitor now waits for a model load of their own. Keep the "
                "one shared model (default scope) and keep what changes per visitor out of it: "
                "store each visitor's words in `st.session_state` and pass them to "
                "`model.score(review, extra=...)`.",
    ),
    Mistake(
        "copied-the-reference", check=NO_LEAKS, when=state_holds_the_shared_object,
        message="`st.session_state` stores the object itself, not a copy: this line gives the "
                "shared model's dict a second name, and adding a word to it still changes the "
                "model every session uses. Start each visitor with an empty dict of their own "
                "(`{}`) and pass it to `model.score(review, extra=...)`.",
    ),
    Mistake(
        "mutates-shared-model", check=NO_LEAKS, when=mutates_shared_model,
        message="`st.cache_resource` hands every session the *same* model object, so a word "
                "added to `model.weights` here is added for every visitor on the server. Treat "
                "the cached model as read-only: keep each visitor's words in `st.session_state` "
                "(initialised once, with `if ... not in st.session_state`) and pass them to "
                "`model.score(review, extra=...)`.",
    ),
    Mistake(
        "model-in-cache-data", check=KEPT, when=model_in_cache_data,
        message="`@st.cache_data` hands out a fresh copy of the model on every call, so a word "
                "added to that copy is gone at the next rerun (and each rerun copies the whole "
                "model). Keep the shared model in `@st.cache_resource`, unchanged, and keep each "
                "visitor's words in `st.session_state`.",
    ),
    Mistake(
        "words-in-a-plain-variable", check=KEPT, when=words_in_a_plain_variable,
        message="A plain variable starts over on every rerun, so the visitor's words are "
                "forgotten as soon as anything else changes. Keep them in `st.session_state`, "
                "initialised once with `if \"my_words\" not in st.session_state:`.",
    ),
]
