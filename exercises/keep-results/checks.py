import ast

from checkers import display
from checkers.spec import *
from checkers.static import work_names

SCENARIO = [
    start(),
    set_value("Show the table", True),
    choose("Chart", "Line"),
    set_value("Segments", 5),  # an input of the computation
    set_value("Show the table", False),
    choose("Measure", "Orders"),  # the other input
    rerun(),
    set_value("Segments", 4),
]

INPUTS = {"Segments", "Measure"}  # the widgets the segmentation reads
WORK = "segment_customers"  # speedlit.segment_customers(measure, count)
KEPT = "Unrelated changes reuse the result"
FRESH = "A changed input shows the new result, computed once"
SAME_PAGE = "The page is the same after every step"


def _input_change(step: dict) -> bool:
    return step["step"].get("do") == "set" and step["step"].get("widget") in INPUTS


def _n(step: dict) -> int:
    return int(step["calls"].get(WORK, 0))


def _first_difference(mine: dict, ref: dict) -> str | None:
    got = [e for e in display.flatten(mine["display"]) if e["type"] not in ("button", "empty")]
    want = [e for e in display.flatten(ref["display"]) if e["type"] not in ("button", "empty")]
    for g, w in zip(got, want):
        if g != w:
            return f"{display.describe(g)} instead of {display.describe(w)}"
    if len(got) != len(want):
        return f"{len(got)} elements instead of {len(want)}"
    return None


# ---------------------------------------------------------------- behaviour
def kept(ctx):
    for mine in ctx.steps[1:]:
        if not _input_change(mine) and _n(mine):
            return (f"When the grader did “{mine['said']}”, `speedlit.segment_customers` ran "
                    f"{times(_n(mine))}, but its inputs (the measure and the number of "
                    "segments) did not change.")
    return None


def fresh(ctx):
    for mine, ref in zip(ctx.steps, ctx.reference["steps"]):
        if not _input_change(mine):
            continue
        if _n(mine) > 1:
            return (f"When the grader did “{mine['said']}”, `speedlit.segment_customers` ran "
                    f"{times(_n(mine))}; once is enough.")
        difference = _first_difference(mine, ref)
        if difference:
            return f"After “{mine['said']}” the page shows {difference}."
    return None


# ---------------------------------------------------------------- explanations
def _compute_names(tree: ast.Module) -> set[str]:
    """The app's functions that segment the customers, and the service itself."""
    return {n.name for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef) and WORK in work_names(n)} | {WORK}


def _called(call: ast.Call) -> str | None:
    return getattr(call.func, "attr", getattr(call.func, "id", None))


def guarded_once(ctx):
    """``if "x" not in st.session_state: x = find_segments(...)``: computed once, ever."""
    computes = _compute_names(ctx.tree)
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and \
                any(isinstance(op, ast.NotIn) for op in node.test.ops) and \
                "session_state" in ast.unparse(node.test) and \
                any(isinstance(c, ast.Call) and _called(c) in computes
                        for stmt in node.body for c in ast.walk(stmt)):
            return Finding("The result is computed only when the key is missing.", node.lineno)
    return None


def stale_after(ctx) -> tuple[str, str] | None:
    """(widget, step said) of the first input change that showed an old result unchanged."""
    for mine, ref in zip(ctx.steps, ctx.reference["steps"]):
        if _input_change(mine) and _n(mine) == 0 and _first_difference(mine, ref):
            return mine["step"]["widget"], mine["said"]
    return None


def key_misses_an_input(ctx):
    stale = stale_after(ctx)
    recomputed = {s["step"]["widget"] for s in ctx.steps if _input_change(s) and _n(s)}
    if stale and stale[0] not in recomputed:
        return Finding(f"Changing “{stale[0]}” did not compute a new result.")
    return None


def key_has_extra_widgets(ctx):
    """Keyed (a plain rerun computes nothing) but an unrelated widget recomputes."""
    reruns = [s for s in ctx.steps[1:] if s["step"].get("do") == "rerun"]
    extra = [s for s in ctx.steps[1:] if s["step"].get("do") == "set" and not _input_change(s)
             and _n(s)]
    if reruns and not any(_n(s) for s in reruns) and extra:
        return Finding(f"“{extra[0]['step']['widget']}” recomputes the result.")
    return None


def recomputes_every_run(ctx):
    if any(_n(s) for s in ctx.steps[1:] if s["step"].get("do") == "rerun"):
        return Finding("A rerun with nothing changed computed the result again.")
    return None


CHECKS = [
    no_problems(points=1),
    Check(KEPT, 3, kept, task=1),
    Check(FRESH, 3, fresh, task=2),
    same_display(points=1, task=3, name=SAME_PAGE),
]

MISTAKES = [
    Mistake(
        "key-includes-unrelated-widgets", check=KEPT, when=key_has_extra_widgets,
        message="The result is kept, but its key includes a widget that the segmentation "
                "does not read, so flipping that widget computes everything again. Key the "
                "result by exactly what the computation reads: the measure and the number of "
                "segments.",
    ),
    Mistake(
        "recomputes-every-run", check=KEPT, when=recomputes_every_run,
        message="Every widget change reruns the script from the top, and the script computes "
                "the segments again each time, even when only the chart type or the table "
                "changed. Keep the result in `st.session_state` together with the inputs that "
                "produced it (`(measure, count)`) and compute only when they differ (or cache "
                "the function that calls `speedlit.segment_customers` with `st.cache_data`, "
                "which keys by its arguments).",
    ),
    Mistake(
        "computed-once-only", check=FRESH, when=guarded_once,
        message="`if ... not in st.session_state` computes the result in the session's first "
                "run only, so changing the measure or the number of segments keeps showing the "
                "first result. Store the inputs next to the result and compute again when "
                "they differ: `if st.session_state.get(\"segments_for\") != (measure, count):`.",
    ),
    Mistake(
        "key-misses-an-input", check=FRESH, when=key_misses_an_input,
        message="The result is keyed by less than the segmentation reads, so changing the "
                "missing input shows the old result. Put everything the computation reads into "
                "the key: `(measure, count)`.",
    ),
]
