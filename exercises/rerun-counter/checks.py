import ast
import re

from checkers import display
from checkers.spec import *

SCENARIO = [
    start(),
    choose("Tea", "Black"),
    set_value("Cups", 4),
    set_value("Name", "Ada"),  # inside the form: nothing reruns until the order is placed
    click("Place order"),
    rerun(),
    start(session=1),  # a second browser tab
    choose("Tea", "Oolong", session=1),
    set_value("Cups", 6),  # back in the first tab
]

COUNTER = re.compile(r"Script run #(\d+) in this session")
FIRST_TAB = "The count is right in the first tab after every step"
OTHER_TAB = "A second browser tab counts its own runs"
IN_STATE = "The count is kept in st.session_state"


# ---------------------------------------------------------------- what the app showed
def shown_count(step: dict) -> int | None:
    """The N of the first "Script run #N in this session" on the page, in any element."""
    for item in display.flatten(step["display"]):
        for key in ("value", "label"):
            text = item.get(key)
            if isinstance(text, str):
                found = COUNTER.search(text)
                if found:
                    return int(found.group(1))
    return None


def expected_counts(ctx) -> list[int]:
    """The real number of script runs in each step's tab so far, from the observed run."""
    totals: dict[int, int] = {}
    out = []
    for step in ctx.steps:
        tab = step["session"]
        if tab not in totals:  # a tab opened by a step other than start() ran once before it
            totals[tab] = 0 if step["step"].get("do") == "start" else 1
        totals[tab] += int(step["runs"].get("script", 0))
        out.append(totals[tab])
    return out


def _counts_right(tabs):
    def judge(ctx):
        for step, want in zip(ctx.steps, expected_counts(ctx)):
            if not tabs(step["session"]):
                continue
            got = shown_count(step)
            if got is None:
                return (f"After “{step['said']}” the app does not show "
                        "“Script run #N in this session”.")
            if got != want:
                return (f"After “{step['said']}” the app says run #{got}, but the script has run "
                        f"{times(want)} in that browser tab.")
        return None

    return judge


def _writes_state(tree: ast.Module) -> bool:
    """Whether the code writes a value into st.session_state (an assignment to a key or an
    attribute of it, or a call such as ``st.session_state.setdefault(...)``)."""
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        if any(isinstance(t, (ast.Attribute, ast.Subscript)) and touches_state(t)
               for t in targets):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("update", "setdefault", "__setitem__") and \
                touches_state(node.func.value):
            return True
    return False


def count_in_state(ctx):
    """The page's count is right in every browser tab after every step, and the code keeps a
    value in st.session_state (the grader sees the page, not the session's state)."""
    for step, want in zip(ctx.steps, expected_counts(ctx)):
        got = shown_count(step)
        if got != want:
            shown = f"says run #{got}" if got is not None else "shows no count"
            return (f"After “{step['said']}” the page {shown}, but the script has run "
                    f"{times(want)} in that browser tab. Keep the count in st.session_state, "
                    "which survives reruns and belongs to one tab.")
    if not _writes_state(ctx.tree):
        return ("The count is right, but nothing is stored in st.session_state: keep the "
                "count there, where it lasts as long as the browser tab's session.")
    return None


def same_page_apart_from_counter(ctx):
    """Like same_display, but the counter's own element is left out on both sides."""
    def page(step):
        return [e for e in display.flatten(step["display"])
                if not any(COUNTER.search(str(e.get(k, ""))) for k in ("value", "label"))]

    for mine, ref in zip(ctx.steps, ctx.reference["steps"]):
        got, want = page(mine), page(ref)
        for index, (g, w) in enumerate(zip(got, want)):
            if g != w:
                return (f"After “{mine['said']}”: element {index + 1} shows "
                        f"{display.describe(g)}, but should show {display.describe(w)}.")
        if len(got) != len(want):
            return (f"After “{mine['said']}” the page shows {len(got)} elements besides the "
                    f"counter; it should show {len(want)}, as before.")
    return None


CHECKS = [
    no_problems(points=1),
    Check(FIRST_TAB, 4, _counts_right(lambda tab: tab == 0), task=1),
    Check(IN_STATE, 1, count_in_state, task=1),
    Check(OTHER_TAB, 2, _counts_right(lambda tab: tab != 0), task=2),
    Check("The rest of the page is unchanged", 2, same_page_apart_from_counter, task=3),
]


# ---------------------------------------------------------------- recognising mistakes
def _first_tab_shows(ctx) -> list[tuple[int | None, int]]:
    return [(shown_count(s), want) for s, want in zip(ctx.steps, expected_counts(ctx))
            if s["session"] == 0]


def _always_one(ctx) -> bool:
    pairs = _first_tab_shows(ctx)
    return bool(pairs) and all(got == 1 for got, _ in pairs) and any(w > 1 for _, w in pairs)


def _is_session_state(node: ast.expr) -> bool:
    target = node.value if isinstance(node, (ast.Attribute, ast.Subscript)) else None
    return (isinstance(target, ast.Attribute) and target.attr == "session_state") or \
        (isinstance(target, ast.Name) and target.id == "session_state")


def reset_every_run(ctx) -> Finding | None:
    """Always #1, and a top-level statement sets a session_state key to a constant."""
    if not _always_one(ctx):
        return None
    for node in ctx.tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and \
                any(_is_session_state(t) for t in node.targets):
            return Finding("reset", node.lineno)
    return None


def plain_variable(ctx) -> Finding | None:
    """Always #1, and session_state is not used at all."""
    if not _always_one(ctx) or "session_state" in ctx.source:
        return None
    for node in ctx.tree.body:
        if isinstance(node, ast.AugAssign):
            return Finding("plain", node.lineno)
    return Finding("plain")


def _counter_line(tree: ast.Module) -> int | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in node.args:
                for part in ast.walk(arg):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str) and \
                            "Script run #" in part.value:
                        return node.lineno
    return None


def shown_before_counted(ctx) -> Finding | None:
    """Every count in the first tab is one behind the real number of runs."""
    pairs = _first_tab_shows(ctx)
    if pairs and all(got is not None and got == want - 1 for got, want in pairs):
        return Finding("behind", _counter_line(ctx.tree))
    return None


def shared_counter(ctx) -> Finding | None:
    """A second tab continues the count of the first: the counter lives once per server."""
    for step, want in zip(ctx.steps, expected_counts(ctx)):
        got = shown_count(step)
        if step["session"] != 0 and got is not None and got > want:
            for item in cached_functions(ctx.tree):
                if item.kind == "cache_resource":
                    return Finding("shared", item.line)
            return Finding("shared", _counter_line(ctx.tree))
    return None


MISTAKES = [
    Mistake(
        "reset-every-run", check=FIRST_TAB, when=reset_every_run,
        message="This line sets the count back to its starting value at the top of *every* run, "
                "so it is reset just before it is increased and the caption always says #1. "
                "Session state keeps a value across reruns only if you don't overwrite it: set "
                "the starting value only when the key is missing "
                "(`if \"runs\" not in st.session_state:`), then add 1 on every run.",
    ),
    Mistake(
        "plain-variable", check=FIRST_TAB, when=plain_variable,
        message="A plain variable starts over on every run: Streamlit executes the whole script "
                "afresh on each interaction, so `runs = 0` followed by `runs += 1` shows 1 "
                "forever. Keep the count in `st.session_state`, which keeps its values across "
                "the reruns of a browser tab's session.",
    ),
    Mistake(
        "shown-before-counted", check=FIRST_TAB, when=shown_before_counted,
        message="The caption is drawn before the count is increased, so it is always one run "
                "behind: it shows how many runs came *before* this one. Add 1 to the count first, "
                "then show it.",
    ),
    Mistake(
        "shared-counter", when=shared_counter,
        message="The second browser tab continues the first tab's count instead of starting at "
                "1: your counter is shared by every session on the server. An object returned by "
                "`st.cache_resource` (or kept in an imported module) exists once per server "
                "process and every tab sees the same one. `st.session_state` belongs to one "
                "tab: keep the count there.",
    ),
]
