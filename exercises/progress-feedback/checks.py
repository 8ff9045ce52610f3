import ast

from checkers import display
from checkers.spec import *
from checkers.static import work_names

SCENARIO = [
    start(),
    click("Build report"),
    choose("Store", "Lyon"),
    click("Build report"),
    choose("Store", "Porto"),
    click("Build report"),
    rerun(),
]

FEEDBACK = "After each build, the page shows the job finished: a bar at 100 % or a completed status"
IN_LOOP = "The bar (or status) is updated inside the loop, month by month"
RESULT = "The report appears as before, after every step"
FEEDBACK_CALLS = {"progress", "update", "write", "markdown", "text", "caption", "info", "success"}
WORK = "close_month"  # speedlit.close_month(store, month): 0.4 s a month
# The judge's page shows an ``st.status`` box as an "expandable" block (the same as an
# ``st.expander``, and without its running/complete state), so an expandable counts as a
# status box when the app calls ``st.status``; whether it ends complete is read from the code.
BOXES = ("status", "expandable")


# ---------------------------------------------------------------- what the page shows
def _kinds(ctx) -> tuple[str, ...]:
    return ("progress",) + (BOXES if _statuses(ctx.tree) else ("status",))


def feedback(items: list[dict], kinds: tuple[str, ...] = ("progress", "status")) -> list[dict]:
    """Progress bars and status boxes anywhere on the page (with what is inside them)."""
    out = []
    for item in items:
        if item.get("type") in kinds:
            out.append(item)
        elif "children" in item:
            out.extend(feedback(item["children"], kinds))
    return out


def without_feedback(items: list[dict], kinds: tuple[str, ...] = ("progress", "status")
                     ) -> list[dict]:
    """The page with every progress bar and status box (and what is inside it) taken out."""
    out = []
    for item in items:
        if item.get("type") in kinds:
            continue
        if "children" in item:
            out.extend(without_feedback(item["children"], kinds))
        else:
            out.append(item)
    return out


# ---------------------------------------------------------------- reading the code
def _work_functions(tree) -> set[str]:
    """The app's functions that close a month, and the service itself."""
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
            and WORK in work_names(n)} | {WORK}


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _calls_in(node) -> list[ast.Call]:
    """Calls in a loop's body, not counting the bodies of functions defined there."""
    out, todo = [], list(ast.iter_child_nodes(node))
    while todo:
        child = todo.pop()
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(child, ast.Call):
            out.append(child)
        todo.extend(ast.iter_child_nodes(child))
    return out


def work_loops(tree) -> list[ast.AST]:
    """Loops whose body closes a month (calls the app's function, or the service itself)."""
    workers = _work_functions(tree)
    loops = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.While)):
            if any(_name(call) in workers for call in _calls_in(node)):
                loops.append(node)
    return loops


def _loop_reports(loop) -> bool:
    return any(_name(c) in FEEDBACK_CALLS for c in _calls_in(loop))


def _statuses(tree) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n) == "status"
            and isinstance(n.func, ast.Attribute)]


def status_never_completed(ctx) -> Finding | None:
    """An st.status that is neither a `with` block (which ends it as complete) nor set to
    complete by `.update(state="complete")`."""
    in_with = {id(item.context_expr) for node in ast.walk(ctx.tree) if isinstance(node, ast.With)
               for item in node.items}
    completes = any(
        isinstance(n, ast.Call) and _name(n) in ("update", "status") and any(
            k.arg == "state" and isinstance(k.value, ast.Constant) and k.value.value == "complete"
            for k in n.keywords)
        for n in ast.walk(ctx.tree))
    for call in _statuses(ctx.tree):
        if id(call) not in in_with and not completes:
            return Finding("", call.lineno)
    return None


# ---------------------------------------------------------------- checks
def finished_feedback(ctx) -> str | None:
    kinds = _kinds(ctx)
    for mine, ref in zip(ctx.steps, ctx.reference["steps"]):
        want = feedback(ref["display"])
        got = feedback(mine["display"], kinds)
        if not want:
            if got:
                return (f"After “{mine['said']}” no report was being built, but the page shows "
                        f"{display.describe(got[0])}. Draw the bar only when the job runs.")
            continue
        if not got:
            return (f"After “{mine['said']}” the report was built, but no progress bar or "
                    "status box is on the page. Leave the bar at 100 % (or a completed "
                    "`st.status`) above the report, so the user sees the job finished.")
        bars = [g for g in got if g["type"] == "progress"]
        if bars and all(b.get("value") != 100 for b in bars):
            return (f"After “{mine['said']}” the report was built, but the progress bar "
                    f"stands at {bars[-1].get('value')} %. It should end at 100 %.")
        if not bars and status_never_completed(ctx):
            return ("The status box is never marked complete, so it keeps spinning after the "
                    "job has finished.")
    return None


def month_by_month(ctx) -> str | None:
    """While a report is built, the page's progress moves between one month and the next:
    the light snapshot the judge takes at each call of the service shows what the user sees
    while that month is being closed."""
    kinds = _kinds(ctx)
    built = False
    for step in ctx.steps:
        seen = [w for w in step.get("waiting", []) if w["call"] == WORK]
        if len(seen) < 2:
            continue
        built = True
        shown = [feedback(w["display"], kinds) for w in seen]
        for month, (before, now) in enumerate(zip(shown, shown[1:]), start=2):
            if not now:
                return (f"When the grader did “{step['said']}”, no progress bar or status box "
                        f"was on the page while month {month} was closed, so the user could "
                        "not see how far the job got. Draw it before the loop.")
            if now == before:
                return (f"When the grader did “{step['said']}”, the page showed the same "
                        f"progress while month {month} was closed as while month {month - 1} "
                        "was. Move the bar (or write into the status box) inside the loop, "
                        "after each month, e.g. `bar.progress(done / len(MONTHS))`.")
    if not built:
        return ("The grader never saw the months being closed one after the other. Keep the "
                "`for month in MONTHS:` loop and update the bar inside it.")
    return None


def same_result(ctx) -> str | None:
    for mine, ref in zip(ctx.steps, ctx.reference["steps"]):
        got = without_feedback(mine["display"], _kinds(ctx))
        want = without_feedback(ref["display"])
        for index, (g, w) in enumerate(zip(got, want)):
            if g != w:
                return (f"After “{mine['said']}” (not counting progress bars and status "
                        f"boxes): element {index + 1} shows {display.describe(g)}, but should "
                        f"show {display.describe(w)}.")
        if len(got) < len(want):
            return (f"After “{mine['said']}”: your app is missing "
                    f"{display.describe(want[len(got)])} (and anything after it). Show the "
                    "report below the bar or status box, not inside it.")
        if len(got) > len(want):
            return (f"After “{mine['said']}” (not counting progress bars and status boxes): "
                    f"your app shows an extra {display.describe(got[len(want)])}.")
    return None


# ---------------------------------------------------------------- mistakes
def _counted_from_zero(loop) -> str | None:
    """The index name of `for i, x in enumerate(xs):` (no start given), else None."""
    it, target = getattr(loop, "iter", None), getattr(loop, "target", None)
    if (isinstance(it, ast.Call) and _name(it) == "enumerate" and len(it.args) == 1
            and not it.keywords and isinstance(target, ast.Tuple) and target.elts
            and isinstance(target.elts[0], ast.Name)):
        return target.elts[0].id
    return None


def bar_ends_short(ctx) -> Finding | None:
    """The bar ends below 100 % and the loop moves it by an index `enumerate` counts from 0."""
    short = any(values and all(v != 100 for v in values)
                for values in ([g.get("value") for g in feedback(s["display"])
                                if g["type"] == "progress"] for s in ctx.steps))
    if not short:
        return None
    for loop in work_loops(ctx.tree):
        index = _counted_from_zero(loop)
        for call in _calls_in(loop):
            if index and _name(call) == "progress" and call.args:
                used = {n.id for n in ast.walk(call.args[0]) if isinstance(n, ast.Name)}
                plus = any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add)
                           for n in ast.walk(call.args[0]))
                if index in used and not plus:
                    return Finding("", call.lineno)
    return None


def spinner_only(ctx) -> Finding | None:
    names = [_name(n) for n in ast.walk(ctx.tree) if isinstance(n, ast.Call)]
    if "progress" in names or "status" in names:
        return None
    spinners = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Call) and _name(n) == "spinner"]
    return Finding("", spinners[0].lineno) if spinners else None


def bar_set_after_loop(ctx) -> Finding | None:
    loops = work_loops(ctx.tree)
    if not loops or any(_loop_reports(loop) for loop in loops):
        return None
    after = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Call) and _name(n) == "progress"
             and n.lineno > loops[0].end_lineno]
    return Finding("", after[0].lineno) if after else None


CHECKS = [
    no_problems(points=1),
    Check(FEEDBACK, 3, finished_feedback, task=1),
    Check(IN_LOOP, 2, month_by_month, task=1),
    Check(RESULT, 2, same_result, task=2),
    calls(WORK, at_most=36, points=1, task=2, name="Each month is closed once per build",
          what="Closing a month (`speedlit.close_month(...)`)"),
]

MISTAKES = [
    Mistake(
        "bar-ends-short", check=FEEDBACK, when=bar_ends_short,
        message="The bar stops short of 100 %: `enumerate` counts from 0, so after the last "
                "month the index is 11 and `11 / 12` is 91 %. After closing a month, count it as "
                "done: `for done, month in enumerate(MONTHS, start=1):`, or `(i + 1) / "
                "len(MONTHS)`.",
    ),
    Mistake(
        "spinner-only", check=FEEDBACK, when=spinner_only,
        message="`st.spinner` shows that something is running, but not how far it got, and it "
                "disappears when its block ends, so nothing on the page says the job finished. "
                "Use a bar the loop moves (`bar = st.progress(0)`, then "
                "`bar.progress(done / len(MONTHS))` after each month) or an `st.status` box.",
    ),
    Mistake(
        "status-never-completed", check=FEEDBACK, when=status_never_completed,
        message="This `st.status` box is created without `with` and never marked complete, so "
                "it keeps its “running” spinner after the job has finished. Use it as `with st.status(…):` "
                "(it turns complete when the block ends) or call "
                "`status.update(label=…, state=\"complete\")` after the loop.",
    ),
    Mistake(
        "bar-set-after-loop", check=IN_LOOP, when=bar_set_after_loop,
        message="The bar is moved only after the loop has finished, so for the whole job it "
                "shows nothing, then jumps to the end. Move the `.progress(…)` call into the "
                "loop, after each month is closed.",
    ),
]
