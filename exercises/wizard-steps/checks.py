import ast

from checkers import display
from checkers.spec import *

SCENARIO = [
    start(),
    set_value("Your name", "Ada"),
    click("Next"),  # to step 2
    choose("Plan", "Bookworm"),
    click("Back"),  # to step 1: the name is still there
    click("Next"),  # to step 2: the plan is still there
    click("Next"),  # to step 3, the summary
    click("Back"),
    click("Back"),
]

RIGHT_STEP = "One click of Next or Back shows the right step"
KEPT = "The answers are kept when going back and forward"
WIDGETS = ("text_input", "radio")


# ---------------------------------------------------------------- behaviour
def _step_shown(step: dict) -> str | None:
    for item in display.flatten(step["display"]):
        text = item.get("value")
        if isinstance(text, str) and text.startswith("Step ") and " of 3" in text:
            return text
    return None


def right_step(ctx):
    for mine, ref in zip(ctx.steps, ctx.reference["steps"]):
        if mine["step"].get("do") != "click":
            continue
        got, want = _step_shown(mine), _step_shown(ref)
        if got != want:
            shown = f"“{got}”" if got else "no “Step … of 3” caption"
            return (f"After one “{mine['said']}”, the page shows {shown}; it should show "
                    f"“{want}”.")
    return None


# ---------------------------------------------------------------- explanations
def _widgets(step: dict) -> dict[str, object]:
    return {item["label"]: item.get("value") for item in display.flatten(step["display"])
            if item.get("type") in WIDGETS}


def _line_of(tree: ast.Module, label: str) -> int | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and node.args[0].value == label:
            return node.lineno
    return None


def answer_forgotten(ctx):
    """Behaviour: the right step is shown, but one of its fields lost what was entered."""
    for mine, ref in zip(ctx.steps, ctx.reference["steps"]):
        if _step_shown(mine) != _step_shown(ref):
            return None  # a wrong step is explained by the other mistakes
        got, want = _widgets(mine), _widgets(ref)
        for label, value in want.items():
            if label in got and got[label] != value:
                return Finding(f"After “{mine['said']}”, “{label}” shows {got[label]!r} "
                               f"instead of {value!r}.", _line_of(ctx.tree, label))
    return None


def changed_after_drawing(ctx):
    """``if st.button(...):`` changes session state, with no st.rerun() after it."""
    for node in ast.walk(ctx.tree):
        if not isinstance(node, ast.If) or not any(
                isinstance(c, ast.Call) and getattr(c.func, "attr", getattr(c.func, "id", None))
                == "button" for c in ast.walk(node.test)):
            continue
        changes = any(isinstance(n, (ast.Assign, ast.AugAssign)) and touches_state(
            n.targets[0] if isinstance(n, ast.Assign) else n.target)
            for stmt in node.body for n in ast.walk(stmt))
        reruns = any(isinstance(c, ast.Call) and getattr(c.func, "attr", None) == "rerun"
                     for c in ast.walk(node))
        if changes and not reruns:
            return Finding("The step changes here, after this run drew the old step.",
                           node.lineno)
    return None


CHECKS = [
    no_problems(points=1),
    Check(RIGHT_STEP, 4, right_step, task=1),
    # A button's value is only the one-run trigger of a click, which no user sees; every button
    # is clicked in the scenario, so a missing one fails no_problems.
    same_display(points=3, task=2, name=KEPT),
]

MISTAKES = [
    Mistake(
        "no-init-guard", check=RIGHT_STEP,
        when=resets_state("This sets the step on every run."),
        message="This line runs on every rerun, and every click is a rerun, so the wizard is "
                "sent back to step 1 each time. Set the step only in the session's first run: "
                "`if \"step\" not in st.session_state:` followed by the assignment.",
    ),
    Mistake(
        "needs-a-second-click", check=RIGHT_STEP, when=changed_after_drawing,
        message="Code under `if st.button(...)` runs in the middle of the rerun that the click "
                "started, after this step's page was drawn, so the new step only appears at the "
                "next interaction (a second click). Change the step in an `on_click` callback, "
                "which runs before the script, or call `st.rerun()` right after changing it.",
    ),
    Mistake(
        "answers-forgotten", check=KEPT, when=answer_forgotten,
        message="A widget's key is removed from `st.session_state` after a run that does not "
                "draw the widget, so when the user comes back to a step its field starts over "
                "(empty, or back to its first option). Copy the answers into a key of your "
                "own (say `st.session_state.answers`) "
                "before leaving a step, and put them back into the widgets' keys when the user "
                "returns (in the callback, before the widget is drawn).",
    ),
]
