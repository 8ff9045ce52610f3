import ast

from checkers import display
from checkers.spec import *

PLANS = "membership_plans"  # speedlit.membership_plans(): prices differ per grading

SCENARIO = [  # every way through the wizard: 1→2→3, 3→2, 2→1, 1→2→3 again
    start(),
    set_value("Your name", "Ada"),
    click("Next"),  # to step 2
    choose("Plan", "Bookworm"),
    click("Next"),  # to step 3: the summary uses the plan just chosen
    click("Back"),  # to step 2: the plan is still there
    choose("Plan", "Library"),
    click("Back"),  # to step 1: the name is still there
    click("Next"),  # to step 2: the plan chosen before going back is still there
    click("Next"),  # to step 3 again
]

RIGHT_STEP = "One click of Next or Back shows the right step"
ASKED = "The plans and prices come from the club's price list"
KEPT = "The answers are kept when going back and forward"


# ---------------------------------------------------------------- behaviour
def _step_shown(step: dict) -> str | None:
    for item in display.flatten(step["display"]):
        text = item.get("value")
        if isinstance(text, str) and text.startswith("Step ") and " of 3" in text:
            return text
    return None


def right_step(ctx) -> str | None:
    for mine, ref in zip(ctx.steps, ctx.ref_steps):
        if mine["step"].get("do") != "click":
            continue
        got, want = _step_shown(mine), _step_shown(ref)
        if got != want:
            shown = f"“{got}”" if got else "no “Step … of 3” caption"
            return (f"After one “{mine['said']}”, the page shows {shown}; it should show "
                    f"“{want}”.")
    return None


def _first_wrong_step(ctx) -> int | None:
    for index, (mine, ref) in enumerate(zip(ctx.steps, ctx.ref_steps)):
        if mine["step"].get("do") == "click" and _step_shown(mine) != _step_shown(ref):
            return index
    return None


def _first_other_page(ctx) -> int | None:
    """The first step after which the page differs from the reference's, the step shown
    being right."""
    for index, (mine, ref) in enumerate(zip(ctx.steps, ctx.ref_steps)):
        if _step_shown(mine) != _step_shown(ref):
            return None
        if display.difference(display.seen(mine["display"]), display.seen(ref["display"])):
            return index
    return None


def _clicked(ctx, index: int) -> str | None:
    return ctx.steps[index]["step"].get("widget")


# ---------------------------------------------------------------- pointing at the code
def _button_label(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) else None


def _button_branches(tree: ast.Module):
    """``if <...>.button("label"):`` blocks, with their button's label."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            for call in ast.walk(node.test):
                if isinstance(call, ast.Call) and \
                        getattr(call.func, "attr", getattr(call.func, "id", None)) == "button":
                    yield node, _button_label(call), call


def _is_rerun(node: ast.AST) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
        getattr(node.value.func, "attr", None) == "rerun"


def _changes_state(body: list[ast.stmt]) -> bool:
    return any(isinstance(n, (ast.Assign, ast.AugAssign)) and touches_state(n) or
               isinstance(n, ast.Call) and getattr(n.func, "attr", None) == "update" and
               touches_state(n.func) for stmt in body for n in ast.walk(stmt))


def step_reset_every_run(ctx) -> Finding | None:
    """Behaviour: every page shows step 1; source: a statement run on every rerun sets it."""
    if _first_wrong_step(ctx) is None or \
            any(_step_shown(s) not in (None, "Step 1 of 3") for s in ctx.steps):
        return None
    return resets_state("")(ctx)


def rerun_in_callback(ctx) -> Finding | None:
    """Behaviour: a click ran the script twice and the step did not move; source: a function
    given as ``on_click`` calls ``st.rerun()``."""
    index = _first_wrong_step(ctx)
    if index is None or int(ctx.steps[index]["runs"].get("script", 0)) < 2 or \
            _step_shown(ctx.steps[index]) != _step_shown(ctx.steps[index - 1]):
        return None
    callbacks = {k.value.id for n in ast.walk(ctx.tree) if isinstance(n, ast.Call)
                 for k in n.keywords if k.arg == "on_click" and isinstance(k.value, ast.Name)}
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.FunctionDef) and node.name in callbacks:
            for inner in ast.walk(node):
                if _is_rerun(inner):
                    return Finding("", inner.lineno)
    return None


def one_click_behind(ctx) -> Finding | None:
    """Behaviour: a click shows the step the page showed before it; source: the branch of
    that button changes the step, after the page was drawn, with no ``st.rerun()``."""
    index = _first_wrong_step(ctx)
    if index is None or _step_shown(ctx.steps[index]) != _step_shown(ctx.ref_steps[index - 1]):
        return None
    label = _clicked(ctx, index)
    for branch, button, _ in _button_branches(ctx.tree):
        if button == label and _changes_state(branch.body) and \
                not any(_is_rerun(n) for n in ast.walk(branch)):
            return Finding(f"“{label}”", branch.lineno)
    return None


def code_after_rerun(ctx) -> Finding | None:
    """Behaviour: an answer is missing from a page; source: a button's branch has lines after
    its ``st.rerun()``, which never run."""
    if _first_other_page(ctx) is None:
        return None
    for branch, _, _ in _button_branches(ctx.tree):
        for before, after in zip(branch.body, branch.body[1:]):
            if _is_rerun(before) and not _is_rerun(after):
                return Finding("", after.lineno)
    return None


def answers_reset(ctx) -> Finding | None:
    """Behaviour: an answer is missing from a page; source: a statement run on every rerun
    puts a fresh dict into session state."""
    if _first_other_page(ctx) is None:
        return None
    for node in top_level(ctx.tree.body):
        if isinstance(node, ast.Assign) and any(touches_state(t) for t in node.targets) and \
                (isinstance(node.value, ast.Dict) or isinstance(node.value, ast.Call) and
                 getattr(node.value.func, "id", None) == "dict"):
            return Finding("", node.lineno)
    return None


def _texts(step: dict) -> list:
    return [item.get("value") for item in display.flatten(step["display"])
            if item.get("type") in ("markdown", "text")]


def summary_misses_answer(ctx) -> Finding | None:
    """Behaviour: the first wrong page is the summary, right after "Next" from step 2, and
    its sentence (the name and plan, as entered) is not the reference's."""
    index = _first_other_page(ctx)
    if index is not None and _step_shown(ctx.steps[index]) == "Step 3 of 3" and \
            _clicked(ctx, index) == "Next" and \
            _texts(ctx.steps[index]) != _texts(ctx.ref_steps[index]):
        return Finding("")
    return None


WIDGETS = ("text_input", "radio")


def _fields(step: dict) -> dict:
    return {item["label"]: item.get("value") for item in display.flatten(step["display"])
            if item.get("type") in WIDGETS}


def field_starts_over(ctx) -> Finding | None:
    """Behaviour: the first wrong page shows the right step, but a field lost its answer."""
    index = _first_other_page(ctx)
    if index is None:
        return None
    got, want = _fields(ctx.steps[index]), _fields(ctx.ref_steps[index])
    for label, value in want.items():
        if label in got and got[label] != value:
            return Finding(f"“{label}”")
    return None


def prices_made_up(ctx) -> Finding | None:
    return Finding("") if not ctx.total_calls(PLANS) and ctx.total_calls(PLANS, True) else None


CHECKS = [
    no_problems(),
    Check(RIGHT_STEP, 4, right_step, task=1),
    calls(PLANS, at_least=REF, points=1, task=2, name=ASKED, requires=RIGHT_STEP,
          what="Asking the price list (`speedlit.membership_plans()`)"),
    # A button's value is only the one-run trigger of a click, which no user sees; every button
    # is clicked in the scenario, so a missing one fails no_problems.
    same_page(points=3, task=2, name=KEPT, requires=(RIGHT_STEP, ASKED)),
]

MISTAKES = [
    Mistake(
        "no-init-guard", check=RIGHT_STEP, when=step_reset_every_run,
        message="This line runs on every rerun, and every click is a rerun, so the wizard is "
                "sent back to step 1 each time. Set the step only in the session's first run: "
                "`if \"step\" not in st.session_state:` followed by the assignment.",
    ),
    Mistake(
        "rerun-in-callback", check=RIGHT_STEP, when=rerun_in_callback,
        message="This `st.rerun()` runs inside an `on_click` callback. On Streamlit 1.67 it "
                "starts a fresh run that replaces the one the click started, and in that run "
                "the button no longer reads as clicked: the code under `if st.button(...)` "
                "never runs, so the step does not move (and the click costs two runs). A "
                "callback already runs before the script: change the step inside the "
                "callback, and drop the `st.rerun()`.",
    ),
    Mistake(
        "needs-a-second-click", check=RIGHT_STEP, when=one_click_behind,
        message="A click on {found} changes the step under `if ....button(...)`: that code runs "
                "in the middle of the rerun the click started, after this step's page was "
                "drawn, so the new step only appears at the next interaction (a second click). "
                "Change the step in an `on_click` callback, which runs before the script, or "
                "call `st.rerun()` right after changing it.",
    ),
    Mistake(
        "prices-made-up", check=ASKED, when=prices_made_up,
        message="Your app never asks the club's price list, so the plans and prices it shows "
                "are made up (the prices change from time to time). Ask "
                "`speedlit.membership_plans()` on every run, as the app did.",
    ),
    Mistake(
        "code-after-rerun", check=KEPT, when=code_after_rerun,
        message="`st.rerun()` ends the run at once: this line, after it in the same branch, "
                "never runs, so the answer is never saved. Save the answer first, then call "
                "`st.rerun()`.",
    ),
    Mistake(
        "answers-reset-every-run", check=KEPT, when=answers_reset,
        message="This line runs on every rerun and puts a fresh dict of default answers into "
                "session state, so the answers saved before are thrown away. Create it only "
                "once, in the session's first run (inside the "
                "`if \"step\" not in st.session_state:` block).",
    ),
    Mistake(
        "answer-not-saved", check=KEPT, when=summary_misses_answer,
        message="After “Next” on step 2 the summary does not show what the user entered: an "
                "answer was not saved before the step changed. Copy each step's widget value "
                "into a key of your own (say `st.session_state.answers`) whenever the user "
                "leaves that step, by “Next” as well as by “Back”.",
    ),
    Mistake(
        "answers-forgotten", check=KEPT, when=field_starts_over,
        message="When the user comes back to a step, {found} has lost what was entered: a "
                "widget's key is removed from `st.session_state` after a run that does not "
                "draw the widget, so its field starts over. Copy the answers into a key of "
                "your own (say `st.session_state.answers`) before leaving a step, and put "
                "them back into the widgets' keys when the user returns (in the callback, "
                "before the widget is drawn).",
    ),
]
