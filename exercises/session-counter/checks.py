import re

from checkers import display
from checkers.spec import *

CAPACITY = "room_capacity"  # speedlit.room_capacity(): 3 to 5 people, per grading

SCENARIO = [
    start(),
    *[click("Add one")] * 6,  # past the room's capacity, whatever it is today
    click("Reset"),
    click("Add one"),
    click("Add one"),
    start(session=1),  # another member of staff, in a second browser tab: a count of their own
    click("Add one", session=1),
    rerun(),  # back in the first tab, nothing clicked: its count stays
]

RIGHT_COUNT = "The count is right after every click, in each browser tab"
ASKED = "The capacity comes from the booking system"
WARNING = "The 'full' warning shows exactly when the room is full"
SAME = "The page is the same after every click"
ONE_RUN = "Each click costs one run of the script"


# ---------------------------------------------------------------- what the page shows
def _metric(step: dict) -> str | None:
    for item in display.flatten(step["display"]):
        if item.get("type") == "metric" and item.get("label") == "People inside":
            return str(item.get("value"))
    return None


def _count(step: dict) -> int | None:
    """The number of people the metric shows (the part before " of ")."""
    match = re.match(r"\s*(-?\d+)\b", _metric(step) or "")
    return int(match[1]) if match else None


def _warned(step: dict) -> bool:
    return any(item.get("type") == "warning" or item.get("type") == "alert" and
               item.get("format") == "warning" for item in display.flatten(step["display"]))


def _said(number: int, step: dict) -> str:
    return f"After step {number} (“{step['said']}”)"


def right_count(ctx) -> str | None:
    for number, (mine, ref) in enumerate(zip(ctx.steps, ctx.ref_steps), 1):
        got, want = _count(mine), _count(ref)
        if got == want:
            continue
        if _metric(mine) is None:
            return f"{_said(number, mine)} the page shows no 'People inside' metric."
        if got is None:
            return (f"{_said(number, mine)} the metric 'People inside' shows no count of "
                    "people first.")
        return (f"{_said(number, mine)} the metric 'People inside' counts {got}; the clicks "
                f"so far in that browser tab make {want}.")
    return None


def full_warning(ctx) -> str | None:
    for number, (mine, ref) in enumerate(zip(ctx.steps, ctx.ref_steps), 1):
        if _warned(mine) and not _warned(ref):
            return f"{_said(number, mine)} the page warns that the room is full, but it is not."
        if _warned(ref) and not _warned(mine):
            return (f"{_said(number, mine)} the room is full, but the page shows no warning "
                    "that it is.")
    return None


# ---------------------------------------------------------------- how the count goes wrong
def _first_wrong(ctx) -> int | None:
    return first_wrong_step(ctx, _count)


def stuck_at_start(ctx) -> Finding | None:
    """Rule (behaviour): the count never gets past 1 however often "Add one" is clicked."""
    counts = [_count(step) for step in ctx.steps]
    return Finding("") if _first_wrong(ctx) is not None and \
        all(c is not None and c <= 1 for c in counts) else None


def counts_jump(ctx) -> Finding | None:
    """Rule (behaviour): some click made the count grow by more than one."""
    index = _first_wrong(ctx)
    return Finding("") if index is not None and \
        (_count(ctx.steps[index]) or 0) > (_count(ctx.ref_steps[index]) or 0) else None


def another_tab_counted(ctx) -> Finding | None:
    """Rule (behaviour): the count first goes wrong in a step of the second browser tab, or
    in the first tab after the second one clicked: the tabs share one count."""
    index = _first_wrong(ctx)
    return Finding("") if index is not None and \
        any(s["session"] != 0 for s in ctx.steps[:index + 1]) else None


def _warnings(ctx, reference: bool) -> list[bool]:
    return [_warned(s) for s in (ctx.ref_steps if reference else ctx.steps)]


def warns_only_at_capacity(ctx) -> Finding | None:
    """Rule (behaviour): the warning shows while the room is exactly full but not once more
    people are inside."""
    mine, ref = _warnings(ctx, False), _warnings(ctx, True)
    late = [i for i, (m, r) in enumerate(zip(mine, ref)) if r and not m]
    return Finding("") if late and any(m and r for m, r in zip(mine, ref)) else None


def warns_too_late(ctx) -> Finding | None:
    """Rule (behaviour): the warning first shows a click after the reference's."""
    mine, ref = _warnings(ctx, False), _warnings(ctx, True)
    return Finding("") if True in ref and True in mine and \
        mine.index(True) == ref.index(True) + 1 else None


CHECKS = [
    no_problems(),
    Check(RIGHT_COUNT, 3, right_count, task=1),
    calls(CAPACITY, at_least=REF, points=1, task=1, name=ASKED, requires=RIGHT_COUNT,
          what="Asking the booking system (`speedlit.room_capacity()`)"),
    Check(WARNING, 1, full_warning, task=1, requires=(RIGHT_COUNT, ASKED)),
    same_page(points=1, task=1, name=SAME, requires=(RIGHT_COUNT, ASKED, WARNING)),
    runs_match("script", points=2, task=2, name=ONE_RUN, requires=RIGHT_COUNT),
]

MISTAKES = [
    Mistake(
        "capacity-made-up", check=ASKED, when=never_ran(CAPACITY),
        message="Your app never asks the booking system, so the capacity it shows is made "
                "up (the room's capacity changes from day to day). Ask "
                "`speedlit.room_capacity()` on every run, as the app did.",
    ),
    Mistake(
        "count-shared-by-every-tab", check=RIGHT_COUNT,
        when=all_of(another_tab_counted, cache_wrapping("cache_resource")),
        message="The count lives in the object that {found} returns, and `st.cache_resource` "
                "returns one object for the whole server: the second browser tab started "
                "from the first tab's count and its clicks changed it. Each browser tab "
                "counts for itself: keep the count in `st.session_state`.",
    ),
    Mistake(
        "no-init-guard", check=RIGHT_COUNT, when=all_of(stuck_at_start, assigned_every_run()),
        message="This line runs on every rerun, and every click is a rerun, so the count is "
                "set back each time and never gets past 1. Initialise only in the session's "
                "first run: `if \"count\" not in st.session_state:` followed by the "
                "assignment.",
    ),
    Mistake(
        "plain-variable", check=RIGHT_COUNT, when=all_of(stuck_at_start, unless(mentions_state())),
        message="A plain variable starts over on every rerun, and every click is a rerun, so "
                "the count starts over on every click (the page never counts past 1). Keep it "
                "in `st.session_state`, which lives "
                "across the reruns of a session (initialise it once, with "
                "`if \"count\" not in st.session_state:`).",
    ),
    Mistake(
        "counted-twice", check=RIGHT_COUNT, when=all_of(counts_jump, button_branch(on_click=True)),
        message="This button counts each click twice: its `on_click` callback changes the "
                "count, and the code under this `if` changes it again, after the metric was "
                "drawn. Keep only the callback.",
    ),
    Mistake(
        "shown-before-the-click", check=RIGHT_COUNT,
        when=all_of(one_step_behind(_count, every=True),
                    button_branch(reruns=False, on_click=False, found="“{label}”")),
        message="A click on {found} changes the count under `if ....button(...)`: that code "
                "runs in the middle of the rerun the click started, after the metric above the "
                "buttons was drawn, so the page shows the count one click behind. Change the "
                "count in an `on_click` callback instead (`st.button(..., on_click=add_one)`): "
                "a callback runs *before* the script, so the metric already shows the new "
                "count.",
    ),
    Mistake(
        "full-only-when-equal", check=WARNING,
        when=all_of(warns_only_at_capacity, compares("==", then="warning")),
        message="The warning tests `==`: it shows while the count equals the capacity, but "
                "goes away once more people are inside, and the room is still full then. Test "
                "`count >= capacity`.",
    ),
    Mistake(
        "full-too-late", check=WARNING,
        when=all_of(warns_too_late,
                    any_of(compares(">", then="warning"), compares("<", then="warning"))),
        message="The warning tests `>`: it shows only once more people are inside than the "
                "room takes, one click late. The room is full as soon as the count reaches "
                "the capacity: test `count >= capacity`.",
    ),
    Mistake(
        "rerun-after-click", check=ONE_RUN,
        when=all_of(reran("script+", do="click", more_than=1, done=None),
                    button_branch(changes_state=False, reruns=True)),
        message="`st.rerun()` stops the run and starts the whole script again, so every click "
                "costs two runs (and two calls to the booking system). Change the count in an "
                "`on_click` callback: it runs before the script, so a single run shows the new "
                "count.",
    ),
]
