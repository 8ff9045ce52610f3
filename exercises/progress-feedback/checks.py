from dataclasses import replace

from checkers import display
from checkers.spec import *

WORK = "close_month"  # speedlit.close_month(store, month): 0.4 s a month, twelve per build

SCENARIO = [
    start(),
    click("Build report"),
    choose("Store", "Lyon"),
    click("Build report"),
    choose("Store", "Porto"),
    click("Build report"),
    rerun(),
]

SHOWN = "While the months are closed, the page shows a progress bar or status box"
MOVES = "The progress moves on after every month"
FINISHED = "After each build the page shows the job finished (a bar at 100 % or a " \
           "completed status), and nothing of it otherwise"
REPORT = "The report appears as before, after every step"
ONCE = "Each month is closed once per build"
FEEDBACK = ("progress", "status")


# ---------------------------------------------------------------- what the page showed
def feedback(view: list[dict]) -> list[dict]:
    """The progress bars and status boxes on a page (a bar inside a status box is the box's)."""
    return outermost(view, *FEEDBACK)


def shown_at_calls(step: dict) -> list[list[dict]]:
    """The progress bars and status boxes the page showed at each call of the work."""
    return [feedback(view) for view in at_calls(step, WORK)]


def finished(ctx) -> str | None:
    for mine, ref in zip(ctx.steps, ctx.ref_steps):
        got = feedback(mine["display"])
        if not feedback(ref["display"]):
            if got:
                return (f"After “{mine['said']}” no report was being built, but the page shows "
                        f"{display.name_of(got[0])}. Draw it only while the job runs.")
            continue
        if not got:
            return (f"After “{mine['said']}” the report was built, but no progress bar or "
                    "status box is on the page. Leave the bar at 100 % (or a completed "
                    "`st.status`) above the report, so the user sees the job finished.")
        if len(got) > 1:
            bars = sum(g["type"] == "progress" for g in got)
            boxes = [plural(bars, "progress bar")] * bool(bars) + \
                [plural(len(got) - bars, "status box")] * bool(len(got) - bars)
            return (f"After “{mine['said']}” the page shows {' and '.join(boxes)}; one bar "
                    "(or one status box) that follows the whole job is expected.")
        if got[0]["type"] == "progress" and got[0].get("value") != 100:
            return (f"After “{mine['said']}” the report was built, but the progress bar "
                    f"stands at {got[0].get('value')} %. It should end at 100 %.")
        if got[0]["type"] == "status" and got[0].get("state") != "complete":
            return (f"After “{mine['said']}” the report was built, but the status box is "
                    f"still {got[0].get('state')}. It should end complete.")
    return None


def month_by_month(ctx) -> str | None:
    """A bar must move forward between one month and the next (``progress_moves``); a status
    box without a bar must change (a line written, a new label)."""
    if showed_while("progress", work=WORK)(ctx):
        return progress_moves(WORK).judge(ctx)
    for step in ctx.steps:
        shown = [display.seen(s) for s in shown_at_calls(step)]
        for month, (before, now) in enumerate(zip(shown, shown[1:]), start=2):
            if now == before:
                return (f"When the grader did “{step['said']}”, the status box showed the same "
                        f"while month {month} was closed as while month {month - 1} was. "
                        "Write into it (or change its label) inside the loop, after each "
                        "month.")
    return None


def report_only(check: Check) -> Check:
    """``check`` judged on the pages with the progress bars and status boxes taken out."""

    def strip(run: dict) -> dict:
        return {**run, "steps": [{**s, "display": remove_kinds(s["display"], *FEEDBACK)}
                                 for s in run["steps"]]}

    def judge(ctx):
        return check.judge(replace(ctx, observed=strip(ctx.observed),
                                   reference=strip(ctx.reference)))

    return Check(check.name, check.points, judge, check.task, check.requires)


CHECKS = [
    no_problems(),
    shows_while(WORK, kinds=FEEDBACK, what="a progress bar or a status box", points=2, task=1,
                name=SHOWN),
    Check(MOVES, 2, month_by_month, task=1, requires=SHOWN),
    Check(FINISHED, 2, finished, task=1),
    report_only(same_page(points=2, task=2, name=REPORT, requires=FINISHED)),
    calls_match(WORK, points=1, task=2, name=ONCE, what="closing a month (`close_month`)",
                why_missing="Only `speedlit.close_month` knows the month's numbers.",
                requires=FINISHED),
]


# ---------------------------------------------------------------- mistakes
def bars_piled_up(ctx) -> bool:
    """After a build the page holds several progress bars, one more for each month."""
    return any(sum(f["type"] == "progress" for f in feedback(step["display"])) > 1 and
               len({len(shown) for shown in shown_at_calls(step)}) > 2 for step in ctx.steps)


def bar_stood_still(ctx) -> bool:
    """The bar stood still at every call of a build, and was higher once the build ended."""
    for step in ctx.steps:
        values = [[i.get("value") for i in shown if i["type"] == "progress"]
                  for shown in shown_at_calls(step)]
        after = [f.get("value") for f in feedback(step["display"]) if f["type"] == "progress"]
        if len(values) > 1 and all(v and v == values[0] for v in values) and after and \
                after[-1] > values[0][-1]:
            return True
    return False


def drawn(ctx, shown: list[dict]) -> Finding:
    """At the line that draws the first of ``shown`` (a bar or a status box)."""
    return line_of_call(shown[0]["type"])(ctx) or Finding("")


def drawn_after_the_work(ctx) -> Finding | None:
    """No bar or status box while the months were closed, but one once they all were."""
    for step in ctx.steps:
        shown, during = feedback(step["display"]), shown_at_calls(step)
        if shown and during and not any(during):
            return drawn(ctx, shown)
    return None


def drawn_without_work(ctx) -> Finding | None:
    """A bar or status box after a step that built no report (the original shows none)."""
    for step, ref in zip(ctx.steps, ctx.ref_steps):
        shown = feedback(step["display"])
        if shown and not step["calls"].get(WORK) and not feedback(ref["display"]):
            return drawn(ctx, shown)
    return None


MISTAKES = [
    Mistake(
        "new-bar-each-month", check=(SHOWN, FINISHED),
        when=located(holds(bars_piled_up), line_of_call("progress"), needed=False),
        message="`st.progress(…)` is called inside the loop, and every call draws a *new* bar: "
                "the months pile up as a stack of bars (and during the first month there is "
                "none). Create the bar once before the loop, `bar = st.progress(0)`, and move "
                "that same bar after each month: `bar.progress(done / len(MONTHS))`.",
    ),
    Mistake(
        "spinner-only", check=SHOWN,
        when=all_of(unless(any_of(showed_while(*FEEDBACK, work=WORK), on_page(*FEEDBACK))),
                    any_of(line_of_call("spinner"), showed_while("spinner"))),
        message="`st.spinner` shows that something is running, but not how far it got (and it "
                "appears only after half a second), and it disappears when its block ends, so "
                "nothing on the page says the job finished. Use a bar the loop moves "
                "(`bar = st.progress(0)`, then `bar.progress(done / len(MONTHS))` after each "
                "month) or an `st.status` box.",
    ),
    Mistake(
        "progress-after-the-work", check=SHOWN, when=drawn_after_the_work,
        message="The bar (or status box) appears only once all twelve months are closed, so "
                "during the real wait the page still shows nothing. Draw it before the loop "
                "and move it inside the loop, after each month.",
    ),
    Mistake(
        "bar-set-after-loop", check=MOVES,
        when=located(holds(bar_stood_still), line_of_call("progress", after="loop"),
                     needed=False),
        message="The bar is moved only after the loop has finished, so for the whole job it "
                "stands still, then jumps to the end. Move the `.progress(…)` call into the "
                "loop, after each month is closed.",
    ),
    Mistake(
        "bar-ends-short", check=FINISHED,
        when=all_of(on_page("progress", value=91), index_from_zero("progress")),
        message="The bar stops short of 100 %: `enumerate` counts from 0, so after the last "
                "month the index is 11 and `11 / 12` is 91 %. After closing a month, count it "
                "as done: `for done, month in enumerate(MONTHS, start=1):`, or `(i + 1) / "
                "len(MONTHS)`.",
    ),
    Mistake(
        "status-never-completed", check=FINISHED,
        when=all_of(on_page("status", state="running"), status_left_running()),
        message="This `st.status` box is created without `with` and never marked complete, so "
                "it keeps its “running” spinner after the job has finished. Use it as "
                "`with st.status(…):` (it turns complete when the block ends) or call "
                "`status.update(label=…, state=\"complete\")` after the loop.",
    ),
    Mistake(
        "report-inside-the-status", check=REPORT,
        when=located(inside("status", "metric", "dataframe"), line_of_call("metric"),
                     needed=False),
        message="The report is drawn inside the status box instead of below it. Draw the "
                "metric and the table after the `with st.status(…):` block.",
    ),
    Mistake(
        "bar-before-the-button", check=FINISHED, when=drawn_without_work,
        message="A progress bar (or status box) is on the page even when no report is being "
                "built (when the app opens, after the store changes). Draw it inside `if st.button(\"Build "
                "report\"):`, just before the loop, so it appears only when a report is built.",
    ),
]
