import ast
import re

from checkers import caching, display
from checkers.spec import *

LOAD = "load_sentiment_model"  # the service: speedlit.load_sentiment_model()

SCENARIO = [
    start(),
    set_value("Word", "Slow"),  # a word the model already has, rated again by this visitor
    set_value("Weight", 2),  # (inside the form: nothing reruns until "Add word")
    click("Add word"),
    start(session=1),  # a second visitor, in another browser tab: "slow" as the model has it
    set_value("Word", "food", session=1),  # a word the model does not have
    set_value("Weight", 2, session=1),
    click("Add word", session=1),
    set_value("Review", "Slow delivery, cold food"),  # back in the first tab
    rerun(session=1),
]

OWN_AND_ONLY = "What a tab adds counts there, and never in another tab"
LOADED_ONCE = "The model is loaded once for all sessions"
SHARED = "The model stays one shared object (st.cache_resource)"
KEPT = "Each tab keeps its own words; the page is the same"


# ---------------------------------------------------------------- what the page counted
def _counted(step: dict) -> dict[str, int] | None:
    """The words and weights of the "Counted: …" caption, or None without such a caption."""
    for item in display.flatten(step["display"]):
        text = item.get("value")
        if isinstance(text, str) and text.startswith("Counted:"):
            return {w: int(v) for w, v in re.findall(r"([^\s,:]+) ([+-]\d+)", text)}
    return None


def _taught(steps: list[dict]) -> list[tuple[dict[int, dict[str, int]], tuple | None]]:
    """For each step: the words (and weights) each tab had taught up to then, and the
    (tab, word) taught in that very step."""
    typed: dict[int, dict] = {}
    taught: dict[int, dict[str, int]] = {}
    out = []
    for step in steps:
        action, tab, now = step["step"], step["session"], None
        form = typed.setdefault(tab, {"Weight": 1})
        if action.get("do") == "set" and action.get("widget") in ("Word", "Weight"):
            form[action["widget"]] = action["value"]
        elif action.get("do") == "click" and action.get("widget") == "Add word" and \
                str(form.get("Word", "")).strip():
            word = str(form["Word"]).strip().lower()
            taught.setdefault(tab, {})[word] = int(form["Weight"])
            now = (tab, word)
        out.append(({t: dict(w) for t, w in taught.items()}, now))
    return out


def _in_tab(tab: int) -> str:
    return f"browser tab {tab + 1}"


def what_went_wrong(ctx) -> tuple[str, dict, int, str] | None:
    """The first step where a tab did not count the word it had just taught, or counted a
    word of another tab as that tab taught it, or lost a word of the model that another tab
    re-rated: (kind, step, tab, word) with kind "own", "leak" or "lost"."""
    for mine, ref, (taught, now) in zip(ctx.steps, ctx.ref_steps, _taught(ctx.steps)):
        got, want = _counted(mine), _counted(ref)
        if got is None or want is None:
            continue
        tab = mine["session"]
        if now and now[0] == tab and now[1] in want and got.get(now[1]) != want[now[1]]:
            return "own", mine, tab, now[1]
        own = taught.get(tab, {})
        for other, words in taught.items():
            for word, weight in words.items():
                if other == tab or word in own:
                    continue
                if got.get(word) == weight and want.get(word) != weight:
                    return "leak", mine, other, word
                if word in want and word not in got:
                    return "lost", mine, other, word
    return None


def own_and_only(ctx) -> str | None:
    found = what_went_wrong(ctx)
    if not found:
        return None
    kind, step, tab, word = found
    after = f"After “{step['said']}”, {_in_tab(step['session'])}"
    if kind == "own":
        return f"{after} does not count '{word}' with the weight it was just given."
    if kind == "leak":
        return (f"{after} counts '{word}' with the weight {_in_tab(tab)} gave it: one "
                "visitor's word changed what another visitor sees.")
    return (f"{after} no longer counts '{word}', a word of the model, since {_in_tab(tab)} "
            "rated it: one visitor's word changed the model for everyone.")


def forgotten(ctx) -> Finding | None:
    """Behaviour: a tab counted the word it taught at once, but no longer in a later run."""
    counted_once: set[tuple[int, str]] = set()
    for mine, ref, (taught, now) in zip(ctx.steps, ctx.ref_steps, _taught(ctx.steps)):
        got, want = _counted(mine), _counted(ref)
        if got is None or want is None:
            continue
        tab = mine["session"]
        if now and now[0] == tab and now[1] in want and got.get(now[1]) == want[now[1]]:
            counted_once.add(now)
            continue
        for word, weight in taught.get(tab, {}).items():
            if (tab, word) in counted_once and want.get(word) == weight and \
                    got.get(word) != weight:
                return Finding(f"Browser tab {tab + 1} counted '{word}'")
    return None


def _leak_kind(*kinds: str):
    return lambda ctx: (what_went_wrong(ctx) or ("",))[0] in kinds


# ---------------------------------------------------------------- pointing at the code
def _state_root(node: ast.AST) -> bool:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Attribute) and node.attr == "session_state":
            return True
        node = node.value
    return isinstance(node, ast.Name) and node.id == "session_state"


def _weights_of_model(node: ast.AST) -> bool:
    """``<something>.weights`` that is not in ``st.session_state``."""
    return isinstance(node, ast.Attribute) and node.attr == "weights" and \
        not _state_root(node.value)


ADDING, REMOVING = {"update", "setdefault", "__setitem__"}, {"pop", "popitem", "clear",
                                                            "__delitem__"}


def _weights_changes(tree) -> list[tuple[str, int]]:
    """("add" | "remove", line) for each statement that changes a model's ``weights``."""
    found = []
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Subscript) and _weights_of_model(t.value) for t in targets):
                found.append(("add", node.lineno))
        elif isinstance(node, ast.Delete) and any(
                isinstance(t, ast.Subscript) and _weights_of_model(t.value)
                for t in node.targets):
            found.append(("remove", node.lineno))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                _weights_of_model(node.func.value) and node.func.attr in ADDING | REMOVING:
            found.append(("add" if node.func.attr in ADDING else "remove", node.lineno))
    return sorted(found, key=lambda change: change[1])


def adds_and_removes(ctx) -> Finding | None:
    changes = _weights_changes(ctx.tree)
    kinds = {kind for kind, _ in changes}
    if _leak_kind("lost")(ctx) and kinds == {"add", "remove"}:
        return Finding("", next(line for kind, line in changes if kind == "remove"))
    return None


def shallow_copy(ctx) -> Finding | None:
    """Source: ``copy.copy(...)`` (or ``copy(...)`` from ``copy``): a new object that still
    holds the shared model's ``weights`` dict."""
    if not _leak_kind("leak", "lost")(ctx):
        return None
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Call) and (
                isinstance(node.func, ast.Attribute) and node.func.attr == "copy" and
                isinstance(node.func.value, ast.Name) and node.func.value.id == "copy" or
                isinstance(node.func, ast.Name) and node.func.id == "copy"):
            return Finding("", node.lineno)
    return None


def state_is_the_model_dict(ctx) -> Finding | None:
    """``st.session_state.x = model.weights``: a second name for the shared dict."""
    if not _leak_kind("leak", "lost")(ctx):
        return None
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Assign) and any(_state_root(t) for t in node.targets) and \
                _weights_of_model(node.value):
            return Finding("", node.lineno)
    return None


def changes_the_model(ctx) -> Finding | None:
    changes = _weights_changes(ctx.tree)
    if _leak_kind("leak", "lost")(ctx) and changes:
        return Finding("", changes[0][1])
    return None


def _shared_containers(ctx) -> list[caching.Wrapping]:
    """Functions cached with ``st.cache_resource`` (global scope) that do not load the model:
    one object for the whole server."""
    loaders = functions_doing(ctx.tree, LOAD)
    found = []
    for wrap in caching.wrappings(ctx.tree):
        if wrap.kind != "cache_resource" or wrap.function in loaders:
            continue
        session = any(isinstance(n, ast.Call) and n.lineno == wrap.line and any(
            k.arg == "scope" and isinstance(k.value, ast.Constant) and k.value.value == "session"
            for k in n.keywords) for n in ast.walk(ctx.tree))
        if not session:
            found.append(wrap)
    return found


def words_in_shared_cache(ctx) -> Finding | None:
    found = _shared_containers(ctx)
    if _leak_kind("leak")(ctx) and found:
        return Finding(f"`{found[0].function}`", found[0].line)
    return None


def _loads_by_session(ctx) -> dict[int, int]:
    counts: dict[int, int] = {}
    for _, detail in ctx.details(LOAD):
        counts[detail.get("session", 0)] = counts.get(detail.get("session", 0), 0) + 1
    return counts


def loaded_per_session(ctx) -> Finding | None:
    counts = _loads_by_session(ctx)
    if len(counts) < 2 or set(counts.values()) != {1}:
        return None
    for _, detail in ctx.details(LOAD):
        for cache in detail.get("cached", []):
            if cache.get("scope") == "session" and caching.confirmed(cache, ctx.tree):
                return Finding("a cache with `scope=\"session\"`", cache.get("line"))
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Assign) and any(_state_root(t) for t in node.targets) and \
                isinstance(node.value, ast.Call):
            return Finding("`st.session_state`", node.lineno)
    return Finding("`st.session_state`")


def never_loaded(ctx) -> Finding | None:
    return Finding("") if not ctx.total_calls(LOAD) and ctx.total_calls(LOAD, True) else None


def _score_calls(tree) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and
            isinstance(n.func, ast.Attribute) and n.func.attr == "score"]


def extra_not_passed(ctx) -> Finding | None:
    """Behaviour: a tab did not count the word it had just taught; source: the words are kept
    in session state, but no ``score`` call passes them."""
    if not _leak_kind("own")(ctx) or not touches_state(ctx.tree):
        return None
    calls = _score_calls(ctx.tree)
    if calls and all(len(c.args) < 2 and not c.keywords for c in calls):
        return Finding("", calls[0].lineno)
    return None


def reset_each_run(ctx) -> Finding | None:
    """Behaviour: a taught word forgotten by a later run; source: a statement run on every
    rerun puts an empty dict (or list) into session state."""
    word = forgotten(ctx)
    if not word:
        return None
    for node in top_level(ctx.tree.body):
        if isinstance(node, ast.Assign) and any(_state_root(t) for t in node.targets) and \
                (isinstance(node.value, (ast.Dict, ast.List)) or
                 isinstance(node.value, ast.Call) and
                 getattr(node.value.func, "id", None) in ("dict", "list")) or \
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
                _state_root(node.value.func) and getattr(node.value.func, "attr", "") == \
                "__setitem__":
            return Finding(word.message, node.lineno)
    return None


def plain_variable(ctx) -> Finding | None:
    word = forgotten(ctx)
    if word and not touches_state(ctx.tree) and not _weights_changes(ctx.tree):
        return word
    return None


CHECKS = [
    no_problems(),
    Check(OWN_AND_ONLY, 3, own_and_only, task=2),
    calls(LOAD, exactly=REF, points=2, task=1, name=LOADED_ONCE, requires=OWN_AND_ONLY,
          what="Loading the model (`speedlit.load_sentiment_model()`)"),
    cached_as(LOAD, "cache_resource", points=1, task=1, name=SHARED,
              what="Loading the model", requires=(OWN_AND_ONLY, LOADED_ONCE)),
    same_page(points=2, task=3, name=KEPT, requires=(OWN_AND_ONLY, LOADED_ONCE)),
]

MISTAKES = [
    Mistake(
        "model-never-loaded", check=LOADED_ONCE, when=never_loaded,
        message="Your app never loads the model, so the weights it scores with are not the "
                "model's (they differ from one grading to the next). Keep loading it with "
                "`speedlit.load_sentiment_model()` in a `@st.cache_resource` function.",
    ),
    Mistake(
        "session-scoped-model", check=LOADED_ONCE, when=loaded_per_session,
        message="Your app keeps the model in {found}, which belongs to one browser session: "
                "nothing leaks any more, but every visitor waits for a model load of their own "
                "(the second tab loaded it again). Keep the one shared model (`@st.cache_resource`, "
                "default scope) and keep what changes per visitor out of it: store each "
                "visitor's words in `st.session_state` and pass them to "
                "`model.score(review, extra=...)`.",
    ),
    Mistake(
        "borrows-the-model", check=OWN_AND_ONLY, when=adds_and_removes,
        message="Your app puts the visitor's words into the shared model and removes them "
                "again afterwards. That still changes the model every session uses: removing a "
                "word the visitor re-rated deletes the model's own word for everyone (another "
                "browser tab stopped counting it), and while one run holds the words, another "
                "session's run counts them too. Leave the model untouched: pass the visitor's "
                "words to `model.score(review, extra=...)`.",
    ),
    Mistake(
        "shallow-copy", check=OWN_AND_ONLY, when=shallow_copy,
        message="`copy.copy` makes a shallow copy: a new model object "
                "holding the *same* `weights` dict as the shared model, so a word added to it "
                "is added for every visitor. Leave the model untouched: keep each visitor's "
                "words in a dict of their own in `st.session_state` and pass them to "
                "`model.score(review, extra=...)`.",
    ),
    Mistake(
        "copied-the-reference", check=OWN_AND_ONLY, when=state_is_the_model_dict,
        message="`st.session_state` stores the object itself, not a copy: this line gives the "
                "shared model's `weights` dict a second name, and adding a word to it still "
                "changes the model every session uses. Start each visitor with an empty dict "
                "of their own (`{}`) and pass it to `model.score(review, extra=...)`.",
    ),
    Mistake(
        "mutates-shared-model", check=OWN_AND_ONLY, when=changes_the_model,
        message="`st.cache_resource` hands every session the *same* model object, so a word "
                "written into the model's `weights` here is there for every visitor on the server. "
                "Treat the cached model as read-only: keep each visitor's words in "
                "`st.session_state` (initialised once, with `if ... not in st.session_state`) "
                "and pass them to `model.score(review, extra=...)`.",
    ),
    Mistake(
        "words-in-shared-cache", check=OWN_AND_ONLY, when=words_in_shared_cache,
        message="{found} is cached with `st.cache_resource`, which returns one object for the "
                "whole server: every session adds its words to the same dict. Keep each "
                "visitor's words in `st.session_state` and pass them to "
                "`model.score(review, extra=...)`.",
    ),
    Mistake(
        "words-not-passed", check=OWN_AND_ONLY, when=extra_not_passed,
        message="Your app stores the visitor's words, but `model.score` never gets them, so "
                "a taught word does not count even in the tab that taught it. Pass them: "
                "`model.score(review, extra=<this visitor's words>)`.",
    ),
    Mistake(
        "model-in-cache-data", check=(SHARED, KEPT), when=cached_kind(LOAD, "cache_data"),
        message="`st.cache_data` hands out a fresh copy of the model on every call (unpickled "
                "again on every rerun), so it is no longer one shared object, and a word added "
                "to such a copy is gone at the next rerun. Keep the model in "
                "`@st.cache_resource`, unchanged, and keep each visitor's words in "
                "`st.session_state`.",
    ),
    Mistake(
        "words-reset-every-run", check=KEPT, when=reset_each_run,
        message="{found} right after teaching it, but forgot it at a later rerun: "
                "this line runs on every rerun and puts an empty collection into "
                "session state, wiping the visitor's words. Initialise it once, inside an "
                "`if ... not in st.session_state:` block.",
    ),
    Mistake(
        "words-in-a-plain-variable", check=KEPT, when=plain_variable,
        message="{found} right after teaching it, but forgot it at a later rerun: "
                "a plain variable starts over on every rerun. Keep the visitor's words "
                "in `st.session_state`, initialised once inside an "
                "`if ... not in st.session_state:` block.",
    ),
    Mistake(
        "words-forgotten", check=KEPT, when=forgotten,
        message="{found} right after teaching it, but no longer at a later rerun: a "
                "visitor's words must last across that tab's reruns. Keep them in "
                "`st.session_state` (initialised once) and pass them to "
                "`model.score(review, extra=...)`, leaving the shared model unchanged.",
    ),
]
