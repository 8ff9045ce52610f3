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
    reload(),  # F5: a new session at the same URL counts from 1 again
    start(session=1),  # a second browser tab: a session of its own
    choose("Tea", "Oolong", session=1),
    set_value("Cups", 6),  # back in the first tab
]
ONE_TAB = tuple(range(7))  # before the second tab opens
RELOADED = 6  # the reload: from here on sessions other than the first have run
TWO_TABS = tuple(range(6, len(SCENARIO)))

COUNTS = "The count is right after every step in a browser tab"
OTHER_TAB = "A second browser tab counts its own runs"
SAME_PAGE = "The counter is at the top and the rest of the page is unchanged"

# ---------------------------------------------------------------- what the page says
COUNTER = re.compile(r"Script run #(\d+) in this session")


def shown_count(step: dict) -> int | None:
    """The N of the first "Script run #N in this session" on the page, in any element."""
    found = page_text(step, COUNTER)
    return int(found.group(1)) if found else None


def real_counts(ctx, every_tab: bool = False) -> list[int]:
    """After each step, how many times the script had really run in that step's browser tab
    (in all tabs together, with ``every_tab``)."""
    totals: dict[int, int] = {}
    out = []
    for step in ctx.steps:
        tab = -1 if every_tab else step["session"]
        if step["step"].get("do") == "reload" and not every_tab:
            totals[tab] = 0  # a new session in this browser tab
        if step["session"] not in {s["session"] for s in ctx.steps[:step["index"]]} and \
                step["step"].get("do") != "start":
            totals[tab] = totals.get(tab, 0) + 1  # a tab first opened by another step
        totals[tab] = totals.get(tab, 0) + int(step["runs"].get("script", 0))
        out.append(totals[tab])
    return out


def counts_right(steps: tuple[int, ...]):
    def judge(ctx):
        for index, want in enumerate(real_counts(ctx)):
            if index not in steps:
                continue
            step = ctx.steps[index]
            got = shown_count(step)
            if got is None:
                return (f"After “{step['said']}” the page does not show "
                        "“Script run #N in this session”.")
            if got != want:
                return (f"After “{step['said']}” the page says run #{got}, but the script has "
                        f"run {times(want)} in that browser tab. Every run of the script, "
                        "whatever caused it, adds exactly 1 to its own tab's count.")
        return None

    return judge


def page_with_one_counter(ctx):
    """``same_page`` with the counter, whatever element shows it, seen as "a run counter"
    (its number is judged by the count checks)."""
    def mark(view: list[dict]) -> list[dict]:
        return [{**item, "children": mark(item["children"])} if "children" in item else
                {"type": "run_counter"} if any(COUNTER.search(str(item.get(k, "")))
                                               for k in ("value", "label")) else item
                for item in view]

    marked = Context({"steps": [{**s, "display": mark(s["display"])} for s in ctx.steps]},
                     {"steps": [{**s, "display": mark(s["display"])} for s in ctx.ref_steps]},
                     ctx.source, None)  # same_page reads the pages only
    return same_page().judge(marked)


CHECKS = [
    no_problems(),
    Check(COUNTS, 5, counts_right(ONE_TAB), task=1),
    Check(OTHER_TAB, 3, counts_right(TWO_TABS), task=2, requires=COUNTS),
    Check(SAME_PAGE, 2, page_with_one_counter, task=3, requires=COUNTS),
]


# ---------------------------------------------------------------- recognising mistakes
COUNTER_LINE = line_of_text("Script run #")  # the line that shows the count


def first_tab(how):
    """Rule (behaviour): every count shown in the first tab's steps is ``how(real count)``
    (and that is not the real count)."""

    def rule(ctx) -> Finding | None:
        pairs = [(shown_count(ctx.steps[i]), want) for i, want in enumerate(real_counts(ctx))
                 if i in ONE_TAB]
        return Finding("") if all(got == how(want) for got, want in pairs) and \
            any(how(want) != want for _, want in pairs) else None

    return rule


ALWAYS_ONE = first_tab(lambda want: 1)


def counter_moved(ctx) -> Finding | None:
    """Rule (behaviour): the count is shown, but not first on the page as the reference's
    is."""
    def first(step):
        items = display.flatten(step["display"])
        return bool(items) and shown_count({"display": [items[0]]}) is not None

    return Finding("") if first(ctx.ref_steps[0]) and shown_count(ctx.steps[0]) is not None \
        and not first(ctx.steps[0]) else None


def shared_counter(ctx) -> Finding | None:
    """Rule (behaviour): once the page was reloaded (a new session) or a second tab is open,
    every tab shows the runs of all sessions together."""
    mine, every = real_counts(ctx), real_counts(ctx, every_tab=True)
    later = [i for i, step in enumerate(SCENARIO) if i >= RELOADED]
    shown = [shown_count(ctx.steps[i]) for i in later]
    return Finding("") if shown == [every[i] for i in later] != [mine[i] for i in later] \
        else None


MISTAKES = [
    Mistake(
        "reset-every-run", check=COUNTS, when=all_of(ALWAYS_ONE, assigned_every_run()),
        message="This line sets the count back to its starting value at the top of *every* run, "
                "so it is reset just before it is increased and the counter always says #1. "
                "Session state keeps a value across reruns only if you don't overwrite it: set "
                "the starting value only when the key is missing "
                "(`if \"runs\" not in st.session_state:`), then add 1 on every run.",
    ),
    Mistake(
        "plain-variable", check=COUNTS,
        when=located(all_of(ALWAYS_ONE, unless(mentions_state())),
                     at=any_of(assigned_every_run(to="variable"), COUNTER_LINE), needed=False),
        message="A plain variable starts over on every run: Streamlit executes the whole script "
                "afresh on each interaction, so a count kept in a variable of the script shows "
                "1 forever. Keep the count in `st.session_state`, which keeps its values across "
                "the reruns of a browser tab's session.",
    ),
    Mistake(
        "shown-before-counted", check=COUNTS,
        when=located(first_tab(lambda want: want - 1), at=COUNTER_LINE, needed=False),
        message="Every count is one run behind (the first run says #0): the counter shows how "
                "many runs came *before* this one. Add 1 to the count first, then show it.",
    ),
    Mistake(
        "one-ahead", check=COUNTS, when=first_tab(lambda want: want + 1),
        message="Every count is one too high: the very first run of a tab already says #2. "
                "A tab's count must start from 0 before its first run adds 1 (for example "
                "`st.session_state.get(\"runs\", 0) + 1`).",
    ),
    Mistake(
        "counts-twice", check=COUNTS, when=first_tab(lambda want: 2 * want),
        message="The count goes up by 2 on every run (#2, #4, #6 … instead of #1, #2, #3 …). "
                "Make sure exactly one statement adds 1 per run: a helper that already adds 1 "
                "must not be followed by another `+ 1`.",
    ),
    Mistake(
        "counter-moved", check=SAME_PAGE,
        when=located(counter_moved, at=COUNTER_LINE, needed=False),
        message="The count is right, but the run counter is no longer at the top of the page, "
                "where the starter has it. Keep it first; if you want to update the count late "
                "in the script, reserve its place at the top with `slot = st.empty()` and fill "
                "it with `slot.caption(...)` at the end.",
    ),
    Mistake(
        "shared-counter", check=(COUNTS, OTHER_TAB),
        when=located(shared_counter, at=any_of(cache_wrapping("cache_resource"), COUNTER_LINE),
                     needed=False),
        message="A reloaded page (a new session) and a second browser tab continue the first "
                "session's count instead of starting at 1: your counter is shared by every "
                "session on the server. An object returned by `st.cache_resource` (or kept "
                "in an imported module) exists once per server process and every tab sees the "
                "same one. `st.session_state` belongs to one tab: keep the count there.",
    ),
]
