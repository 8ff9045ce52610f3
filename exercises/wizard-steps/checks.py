import re

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
STEP_CAPTION = re.compile(r"^Step .* of 3.*", re.S)


def _step_shown(step: dict) -> str | None:
    """The "Step N of 3" caption on the page."""
    found = page_text(step, STEP_CAPTION)
    return found[0] if found else None


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
    return first_wrong_step(ctx, _step_shown, do="click")


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


# ---------------------------------------------------------------- recognising mistakes
def other_page(ctx) -> Finding | None:
    """Rule (behaviour): some page differs from the reference's, the step shown being
    right."""
    return Finding("") if _first_other_page(ctx) is not None else None


def always_step_one(ctx) -> Finding | None:
    """Rule (behaviour): a click showed the wrong step, and every page shows step 1."""
    return Finding("") if _first_wrong_step(ctx) is not None and \
        all(_step_shown(s) in (None, "Step 1 of 3") for s in ctx.steps) else None


def click_did_not_move(ctx) -> Finding | None:
    """Rule (behaviour): the first click that showed the wrong step ran the script twice and
    left the step where it was."""
    index = _first_wrong_step(ctx)
    return Finding("") if index is not None and \
        int(ctx.steps[index]["runs"].get("script", 0)) >= 2 and \
        _step_shown(ctx.steps[index]) == _step_shown(ctx.steps[index - 1]) else None


def _clicked_first_wrong(ctx) -> str | None:
    """The button the first click that showed the wrong step clicked."""
    index = _first_wrong_step(ctx)
    return _clicked(ctx, index) if index is not None else None


def _texts(step: dict) -> list:
    return [item.get("value") for item in display.flatten(step["display"])
            if item.get("type") in ("markdown", "text")]


def summary_misses_answer(ctx) -> Finding | None:
    """Rule (behaviour): the first wrong page is the summary, right after "Next" from step 2, and
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
    """Rule (behaviour): the first wrong page shows the right step, but a field lost its answer."""
    index = _first_other_page(ctx)
    if index is None:
        return None
    got, want = _fields(ctx.steps[index]), _fields(ctx.ref_steps[index])
    for label, value in want.items():
        if label in got and got[label] != value:
            return Finding(f"“{label}”")
    return None


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
        "no-init-guard", check=RIGHT_STEP, when=all_of(always_step_one, assigned_every_run()),
        message="This line runs on every rerun, and every click is a rerun, so the wizard is "
                "sent back to step 1 each time. Set the step only in the session's first run: "
                "`if \"step\" not in st.session_state:` followed by the assignment.",
    ),
    Mistake(
        "rerun-in-callback", check=RIGHT_STEP,
        when=all_of(click_did_not_move, rerun_in_callback("on_click")),
        message="This `st.rerun()` runs inside an `on_click` callback. On Streamlit 1.67 it "
                "starts a fresh run that replaces the one the click started, and in that run "
                "the button no longer reads as clicked: the code under `if st.button(...)` "
                "never runs, so the step does not move (and the click costs two runs). A "
                "callback already runs before the script: change the step inside the "
                "callback, and drop the `st.rerun()`.",
    ),
    Mistake(
        "needs-a-second-click", check=RIGHT_STEP,
        when=all_of(one_step_behind(_step_shown),
                    button_branch(label=_clicked_first_wrong, state_change="assigns",
                                  reruns=False, found="“{label}”")),
        message="A click on {found} changes the step under `if ....button(...)`: that code runs "
                "in the middle of the rerun the click started, after this step's page was "
                "drawn, so the new step only appears at the next interaction (a second click). "
                "Change the step in an `on_click` callback, which runs before the script, or "
                "call `st.rerun()` right after changing it.",
    ),
    Mistake(
        "prices-made-up", check=ASKED, when=never_ran(PLANS),
        message="Your app never asks the club's price list, so the plans and prices it shows "
                "are made up (the prices change from time to time). Ask "
                "`speedlit.membership_plans()` on every run, as the app did.",
    ),
    Mistake(
        "code-after-rerun", check=KEPT, when=all_of(other_page, code_after_rerun()),
        message="`st.rerun()` ends the run at once: this line, after it in the same branch, "
                "never runs, so the answer is never saved. Save the answer first, then call "
                "`st.rerun()`.",
    ),
    Mistake(
        "answers-reset-every-run", check=KEPT,
        when=all_of(other_page, assigned_every_run(value="dict")),
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
