import ast

from checkers import display
from checkers.spec import *

SCENARIO = [
    start(),
    click("Add one"),
    click("Add one"),
    click("Add one"),
    click("Add one"),  # the room is full now
    click("Reset"),
    click("Add one"),
    click("Add one"),
    rerun(),  # nothing clicked: the count stays
]

RIGHT_COUNT = "The count is right after every click"
ONE_RUN = "Each click costs one run of the script"


# ---------------------------------------------------------------- behaviour
def _shown_count(step: dict) -> str | None:
    for item in display.flatten(step["display"]):
        if item.get("type") == "metric" and item.get("label") == "People inside":
            return str(item.get("value"))
    return None


def right_count(ctx):
    for number, (mine, ref) in enumerate(zip(ctx.steps, ctx.reference["steps"]), 1):
        got, want = _shown_count(mine), _shown_count(ref)
        if got != want:
            shown = f"“{got}”" if got is not None else "no “People inside” metric"
            return (f"After step {number} (“{mine['said']}”) the page shows {shown}; "
                    f"it should show “{want}”.")
    return None


def one_run_per_click(ctx):
    for mine in ctx.steps:
        if mine["step"].get("do") == "click":
            n = int(mine["runs"].get("script", 0))
            if n != 1:
                return (f"When the grader did “{mine['said']}”, the script ran {n} times; "
                        "one click should cost exactly one run.")
    return None


# ---------------------------------------------------------------- code
def _button_branches(tree: ast.Module):
    """``if <...>.button(...):`` blocks."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and any(
                isinstance(c, ast.Call) and getattr(c.func, "attr", getattr(c.func, "id", None))
                == "button" for c in ast.walk(node.test)):
            yield node


def _calls_rerun(node: ast.AST) -> bool:
    return any(isinstance(c, ast.Call) and getattr(c.func, "attr", None) == "rerun"
               for c in ast.walk(node))


def changed_after_drawing(ctx):
    for branch in _button_branches(ctx.tree):
        changes = any(isinstance(n, (ast.Assign, ast.AugAssign)) and touches_state(
            n.targets[0] if isinstance(n, ast.Assign) else n.target)
            for stmt in branch.body for n in ast.walk(stmt))
        if changes and not _calls_rerun(branch):
            return Finding("The count changes here, after the metric was drawn.", branch.lineno)
    return None


def rerun_after_click(ctx):
    for branch in _button_branches(ctx.tree):
        if _calls_rerun(branch):
            return Finding("`st.rerun()` here runs the whole script a second time.",
                           branch.lineno)
    return None


def plain_variable(ctx):
    if "session_state" in ctx.source:
        return None
    return Finding("The count is a plain variable.")


CHECKS = [
    no_problems(points=1),
    Check(RIGHT_COUNT, 4, right_count, task=1),
    same_display(points=1, task=1, name="The page is the same after every click"),
    Check(ONE_RUN, 2, one_run_per_click, task=2),
]

MISTAKES = [
    Mistake(
        "no-init-guard", check=RIGHT_COUNT,
        when=resets_state("This sets the count on every run."),
        message="This line runs on every rerun, and every click is a rerun, so the count is "
                "set back to 0 each time. Initialise only in the session's first run: "
                "`if \"count\" not in st.session_state:` followed by the assignment.",
    ),
    Mistake(
        "plain-variable", check=RIGHT_COUNT, when=plain_variable,
        message="A plain variable starts over on every rerun, and every click is a rerun, so "
                "the count can never get past 1. Keep it in `st.session_state`, which lives "
                "across the reruns of a session (initialise it once, with "
                "`if \"count\" not in st.session_state:`).",
    ),
    Mistake(
        "shown-before-the-click", check=RIGHT_COUNT, when=changed_after_drawing,
        message="Code under `if st.button(...)` runs in the middle of the rerun that the click "
                "started, after the metric above the buttons was drawn, so the page shows the "
                "count one click behind. Change the count in a callback instead: "
                "`st.button(\"Add one\", on_click=add_one)` runs `add_one` *before* the script, "
                "so the metric already shows the new count.",
    ),
    Mistake(
        "rerun-after-click", check=ONE_RUN, when=rerun_after_click,
        message="`st.rerun()` stops the run and starts the whole script again, so every click "
                "costs two runs (and two calls to the booking system). Change the count in an "
                "`on_click` callback: it runs before the script, so a single run shows the new "
                "count.",
    ),
]
