import ast

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
    out = []
    for item in view:
        if item.get("type") in FEEDBACK:
            out.append(item)
        elif "children" in item:
            out.extend(feedback(item["children"]))
    return out


def without_feedback(view: list[dict]) -> list[dict]:
    """The page with every progress bar and status box (and what is inside it) taken out."""
    return [{**item, "children": without_feedback(item["children"])} if "children" in item
            else item for item in view if item.get("type") not in FEEDBACK]


def at_calls(step: dict) -> list[list[dict]]:
    """The progress bars and status boxes the page showed at each call of the work."""
    return [feedback(w["display"]) for w in step.get("waiting", []) if w["call"] == WORK]


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
    if any(i["type"] == "progress" for s in ctx.steps for shown in at_calls(s)
           for box in shown for i in [box, *display.flatten(box.get("children", []))]):
        return progress_moves(WORK).judge(ctx)
    for step in ctx.steps:
        shown = [display.seen(s) for s in at_calls(step)]
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
        return {**run, "steps": [{**s, "display": without_feedback(s["display"])}
                                 for s in run["steps"]]}

    def judge(ctx):
        return check.judge(Context(strip(ctx.observed), strip(ctx.reference), ctx.source,
                                   ctx.tree))

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
def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "attr", getattr(call.func, "id", None))


def _line_of(ctx, name: str, after: int = 0) -> int | None:
    lines = sorted(n.lineno for n in ast.walk(ctx.tree) if isinstance(n, ast.Call)
                   and _name(n) == name and n.lineno > after)
    return lines[0] if lines else None


def bars_pile_up(ctx) -> Finding | None:
    """After a build the page holds several progress bars, one more for each month."""
    for step in ctx.steps:
        if sum(f["type"] == "progress" for f in feedback(step["display"])) > 1 and \
                len({len(shown) for shown in at_calls(step)}) > 2:
            return Finding("", _line_of(ctx, "progress"))
    return None


def _loop_index(loop) -> str | None:
    """The index name of `for i, x in enumerate(xs):` counted from 0, else None."""
    it, target = getattr(loop, "iter", None), getattr(loop, "target", None)
    if isinstance(it, ast.Call) and _name(it) == "enumerate" and len(it.args) == 1 and \
            not it.keywords and isinstance(target, ast.Tuple) and \
            isinstance(target.elts[0], ast.Name):
        return target.elts[0].id
    return None


def bar_ends_short(ctx) -> Finding | None:
    """The bar ends at 11/12 and the loop moves it by an index `enumerate` counts from 0."""
    if not any(f["type"] == "progress" and f.get("value") == 91
               for s in ctx.steps for f in feedback(s["display"])):
        return None
    for loop in (n for n in ast.walk(ctx.tree) if isinstance(n, ast.For)):
        index = _loop_index(loop)
        for call in (n for n in ast.walk(loop) if isinstance(n, ast.Call)):
            if index and _name(call) == "progress" and call.args and \
                    index in {n.id for n in ast.walk(call.args[0]) if isinstance(n, ast.Name)} \
                    and not any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add)
                                for n in ast.walk(call.args[0])):
                return Finding("", call.lineno)
    return None


def spinner_only(ctx) -> Finding | None:
    """Nothing of a bar or status while the months were closed, nor after; a spinner was
    shown (or is in the code: it shows only once a wait reaches 0.5 s)."""
    if any(any(at_calls(s)) or feedback(s["display"]) for s in ctx.steps):
        return None
    spun = any(i.get("type") == "spinner" for s in ctx.steps for w in s.get("waiting", [])
               for i in display.flatten(w["display"]))
    line = _line_of(ctx, "spinner")
    return Finding("", line) if spun or line else None


def progress_after_work(ctx) -> Finding | None:
    """No bar or status while the months were closed, but one once they were all closed."""
    for step in ctx.steps:
        if at_calls(step) and not any(at_calls(step)) and feedback(step["display"]):
            return Finding("", _line_of(ctx, feedback(step["display"])[0]["type"]))
    return None


def status_never_completed(ctx) -> Finding | None:
    """A status box left running after the build; the code makes it without `with` and never
    sets it complete."""
    if not any(f["type"] == "status" and f.get("state") == "running"
               for s in ctx.steps for f in feedback(s["display"])):
        return None
    in_with = {id(i.context_expr) for n in ast.walk(ctx.tree) if isinstance(n, ast.With)
               for i in n.items}
    completes = any(isinstance(n, ast.keyword) and n.arg == "state" and
                    isinstance(n.value, ast.Constant) and n.value.value == "complete"
                    for n in ast.walk(ctx.tree))
    for call in ast.walk(ctx.tree):
        if isinstance(call, ast.Call) and _name(call) == "status" and \
                id(call) not in in_with and not completes:
            return Finding("", call.lineno)
    return None


def bar_set_after_loop(ctx) -> Finding | None:
    """The bar stood still at every call of a build, and was higher once the build ended."""
    for step in ctx.steps:
        values = [[i.get("value") for i in shown if i["type"] == "progress"]
                  for shown in at_calls(step)]
        after = [f.get("value") for f in feedback(step["display"]) if f["type"] == "progress"]
        if len(values) > 1 and all(v and v == values[0] for v in values) and after and \
                after[-1] > values[0][-1]:
            loops = [n for n in ast.walk(ctx.tree) if isinstance(n, (ast.For, ast.While))]
            return Finding("", _line_of(ctx, "progress", loops[0].end_lineno if loops else 0))
    return None


def report_in_status(ctx) -> Finding | None:
    """The report's metric or table is inside a status box."""
    for step in ctx.steps:
        for box in feedback(step["display"]):
            if box["type"] == "status" and any(i.get("type") in ("metric", "dataframe")
                                               for i in display.flatten(box["children"])):
                return Finding("", _line_of(ctx, "metric"))
    return None


def bar_before_button(ctx) -> Finding | None:
    """A progress bar or status box after a step that built no report."""
    for step, ref in zip(ctx.steps, ctx.ref_steps):
        shown = feedback(step["display"])
        if shown and not step["calls"].get(WORK) and not feedback(ref["display"]):
            return Finding("", _line_of(ctx, shown[0]["type"]))
    return None


MISTAKES = [
    Mistake(
        "new-bar-each-month", check=(SHOWN, FINISHED), when=bars_pile_up,
        message="`st.progress(…)` is called inside the loop, and every call draws a *new* bar: "
                "the months pile up as a stack of bars (and during the first month there is "
                "none). Create the bar once before the loop, `bar = st.progress(0)`, and move "
                "that same bar after each month: `bar.progress(done / len(MONTHS))`.",
    ),
    Mistake(
        "spinner-only", check=SHOWN, when=spinner_only,
        message="`st.spinner` shows that something is running, but not how far it got (and it "
                "appears only after half a second), and it disappears when its block ends, so "
                "nothing on the page says the job finished. Use a bar the loop moves "
                "(`bar = st.progress(0)`, then `bar.progress(done / len(MONTHS))` after each "
                "month) or an `st.status` box.",
    ),
    Mistake(
        "progress-after-the-work", check=SHOWN, when=progress_after_work,
        message="The bar (or status box) appears only once all twelve months are closed, so "
                "during the real wait the page still shows nothing. Draw it before the loop "
                "and move it inside the loop, after each month.",
    ),
    Mistake(
        "bar-set-after-loop", check=MOVES, when=bar_set_after_loop,
        message="The bar is moved only after the loop has finished, so for the whole job it "
                "stands still, then jumps to the end. Move the `.progress(…)` call into the "
                "loop, after each month is closed.",
    ),
    Mistake(
        "bar-ends-short", check=FINISHED, when=bar_ends_short,
        message="The bar stops short of 100 %: `enumerate` counts from 0, so after the last "
                "month the index is 11 and `11 / 12` is 91 %. After closing a month, count it "
                "as done: `for done, month in enumerate(MONTHS, start=1):`, or `(i + 1) / "
                "len(MONTHS)`.",
    ),
    Mistake(
        "status-never-completed", check=FINISHED, when=status_never_completed,
        message="This `st.status` box is created without `with` and never marked complete, so "
                "it keeps its “running” spinner after the job has finished. Use it as "
                "`with st.status(…):` (it turns complete when the block ends) or call "
                "`status.update(label=…, state=\"complete\")` after the loop.",
    ),
    Mistake(
        "report-inside-the-status", check=REPORT, when=report_in_status,
        message="The report is drawn inside the status box instead of below it. Draw the "
                "metric and the table after the `with st.status(…):` block.",
    ),
    Mistake(
        "bar-before-the-button", check=FINISHED, when=bar_before_button,
        message="A progress bar (or status box) is on the page even when no report is being "
                "built (when the app opens, after the store changes). Draw it inside `if st.button(\"Build "
                "report\"):`, just before the loop, so it appears only when a report is built.",
    ),
]
