import ast

from checkers import display
from checkers.spec import *

WORK = "segment_customers"  # speedlit.segment_customers(measure, count)
INPUTS = {"Segments", "Measure"}  # the widgets the segmentation reads

SCENARIO = [
    start(),
    set_value("Show the table", True),
    choose("Chart", "Line"),
    set_value("Segments", 5),  # an input of the computation
    set_value("Show the table", False),
    choose("Measure", "Orders"),  # the other input
    rerun(),
    set_value("Segments", 4),  # back to 4, but with the other measure: a new result
]
NEW_INPUTS = tuple(i for i, s in enumerate(SCENARIO)
                   if s["do"] == "start" or s.get("widget") in INPUTS)
UNRELATED = tuple(i for i in range(len(SCENARIO)) if i not in NEW_INPUTS)

COMPUTED = "Every new input is computed, once"
KEPT = "Unrelated changes reuse the result"
FRESH = "The page shows the result of the current inputs"
SAME_PAGE = "The page is the same after every step"


# ---------------------------------------------------------------- what the judge saw
def _n(step: dict) -> int:
    return int(step["calls"].get(WORK, 0))


def _changed(step: dict) -> str | None:
    """The input widget this step changed, if any."""
    widget = step["step"].get("widget")
    return widget if step["step"].get("do") == "set" and widget in INPUTS else None


def never_computed(ctx) -> Finding | None:
    return Finding("") if not ctx.total_calls(WORK) and ctx.total_calls(WORK, True) else None


def computed_at_start_only(ctx) -> bool:
    return ctx.total_calls(WORK) == 1 and _n(ctx.steps[0]) == 1


def input_ignored(ctx) -> Finding | None:
    """Behaviour: changing one input never computed, while changing the other did."""
    ran: dict[str, bool] = {}
    for step in ctx.steps:
        widget = _changed(step)
        if widget:
            ran[widget] = ran.get(widget, False) or bool(_n(step))
    ignored = [w for w, did in ran.items() if not did]
    if ignored and any(ran.values()):
        return Finding(f"“{ignored[0]}”")
    return None


def every_run(ctx) -> bool:
    """Behaviour: the segmentation ran in every step, a plain rerun included."""
    return all(_n(step) for step in ctx.steps)


def unrelated_widget_recomputes(ctx) -> Finding | None:
    """Behaviour: a plain rerun reuses the result, but an unrelated widget recomputes."""
    reruns = [s for s in ctx.steps[1:] if s["step"].get("do") == "rerun"]
    extra = [s for s in ctx.steps[1:] if s["step"].get("do") == "set" and not _changed(s)
             and _n(s)]
    if reruns and not any(_n(s) for s in reruns) and extra:
        return Finding(f"“{extra[0]['step']['widget']}”")
    return None


def rerun_recomputes(ctx) -> Finding | None:
    if any(_n(s) for s in ctx.steps[1:] if s["step"].get("do") == "rerun"):
        return Finding("")
    return None


def stale_though_computed(ctx) -> bool:
    """Behaviour: a changed input computed once, yet the page shows another result."""
    for mine, ref in zip(ctx.steps, ctx.ref_steps):
        if _changed(mine) and _n(mine) == _n(ref) and display.difference(
                display.seen(mine["display"]), display.seen(ref["display"])):
            return True
    return False


# ---------------------------------------------------------------- pointing at the code
def _state_key(node: ast.AST) -> str | None:
    """The key of ``st.session_state.k``, ``st.session_state["k"]`` or
    ``st.session_state.get("k")``."""
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get" and \
            touches_state(node.func) and node.args and isinstance(node.args[0], ast.Constant):
        return node.args[0].value
    if isinstance(node, ast.Attribute) and touches_state(node.value):
        return node.attr
    if isinstance(node, ast.Subscript) and touches_state(node.value) and \
            isinstance(node.slice, ast.Constant):
        return node.slice.value
    return None


def _compared_keys(tree) -> list[tuple[ast.If, str, ast.expr]]:
    """``if <stored inputs> != <current inputs>:`` blocks: (block, key, current inputs)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and \
                len(node.test.ops) == 1 and isinstance(node.test.ops[0], ast.NotEq):
            left, right = node.test.left, node.test.comparators[0]
            key = _state_key(left) or _state_key(right)
            if key:
                found.append((node, key, right if _state_key(left) else left))
    return found


def _stores(tree, key: str) -> list[ast.Assign]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Assign) and
            any(_state_key(t) == key for t in n.targets)]


def inputs_never_stored(ctx) -> Finding | None:
    if not every_run(ctx):
        return None
    for block, key, _ in _compared_keys(ctx.tree):
        if not _stores(ctx.tree, key):
            return Finding(f"`{key}`", block.lineno)
    return None


def list_against_tuple(ctx) -> Finding | None:
    if not every_run(ctx):
        return None
    sequences = (ast.List, ast.Tuple)
    for block, key, current in _compared_keys(ctx.tree):
        for store in _stores(ctx.tree, key):
            if isinstance(store.value, sequences) and isinstance(current, sequences) and \
                    type(store.value) is not type(current):
                return Finding("", store.lineno)
    return None


def guarded_once(ctx) -> Finding | None:
    """Behaviour: computed in the first run only; source: the guard that did it."""
    if not computed_at_start_only(ctx):
        return None
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and \
                any(isinstance(op, ast.NotIn) for op in node.test.ops) and \
                touches_state(node.test):
            return Finding("", node.lineno)
    return None


def callback_reads_old_values(ctx) -> Finding | None:
    """Behaviour: a changed input computed once, yet showed another result; source: that
    computation runs in an ``on_change`` callback, which runs before the script assigns the
    widgets' new values to its variables."""
    if not stale_though_computed(ctx):
        return None
    callbacks = {k.value.id for n in ast.walk(ctx.tree) if isinstance(n, ast.Call)
                 for k in n.keywords if k.arg == "on_change" and isinstance(k.value, ast.Name)}
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.FunctionDef) and node.name in callbacks:
            reads = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and
                     isinstance(n.ctx, ast.Load)}
            module = {t.id for stmt in ctx.tree.body if isinstance(stmt, ast.Assign)
                      for t in stmt.targets if isinstance(t, ast.Name)}
            if reads & module:
                return Finding(", ".join(f"`{name}`" for name in sorted(reads & module)),
                               node.lineno)
    return None


CHECKS = [
    no_problems(),
    # no points of its own (the slow app computes every input too): the result must exist
    # before reusing it can score
    calls_match(WORK, steps=NEW_INPUTS, points=0, task=2, name=COMPUTED,
                what="the segmentation (`speedlit.segment_customers`)",
                why_missing="New inputs need a new result: compute it for them.",
                why_extra="One computation per change is enough."),
    calls_match(WORK, steps=UNRELATED, points=3, task=1, name=KEPT, requires=COMPUTED,
                what="the segmentation (`speedlit.segment_customers`)",
                why_extra="Its inputs (the measure and the number of segments) did not "
                          "change: reuse the result."),
    same_page(points=3, task=2, steps=NEW_INPUTS, name=FRESH, requires=(COMPUTED, KEPT)),
    same_page(points=1, task=3, name=SAME_PAGE, requires=(COMPUTED, KEPT, FRESH)),
]

MISTAKES = [
    Mistake(
        "results-made-up", check=COMPUTED, when=never_computed,
        message="Your app never runs the segmentation, so the segments it shows are made up "
                "(the real ones differ from one grading to the next). Keep calling "
                "`speedlit.segment_customers(measure, count)`, and reuse its result while "
                "the inputs stay the same.",
    ),
    Mistake(
        "computed-once-only", check=COMPUTED, when=guarded_once,
        message="`if ... not in st.session_state` computes the result in the session's first "
                "run only, so changing the measure or the number of segments keeps showing the "
                "first result. Store the inputs next to the result and compute again when "
                "they differ: `if st.session_state.get(\"segments_for\") != (measure, count):`.",
    ),
    Mistake(
        "key-misses-an-input", check=COMPUTED, when=input_ignored,
        message="Changing {found} did not compute a new result, so the page kept the old one: "
                "the stored result is keyed by less than the segmentation reads. Put "
                "everything the computation reads into the key: `(measure, count)`.",
    ),
    Mistake(
        "inputs-not-saved", check=KEPT, when=inputs_never_stored,
        message="This `if` compares the current inputs with {found} in `st.session_state`, "
                "but nothing ever stores them there, so the comparison is true on every run "
                "and the segments are computed every time. Store the inputs next to the "
                "result when you compute it.",
    ),
    Mistake(
        "list-vs-tuple", check=KEPT, when=list_against_tuple,
        message="This line stores the inputs as one kind of sequence, but the `if` compares "
                "them with the other (a list and a tuple): in Python a list never equals a "
                "tuple, so the comparison is true on every run and the segments are computed "
                "every time. Store and compare the same thing, e.g. `(measure, count)` "
                "both times.",
    ),
    Mistake(
        "python-cache", check=KEPT, when=all_of(rerun_recomputes, cached_by_python(WORK)),
        message="A `functools` cache on a function defined in the app script starts empty on "
                "every rerun: the script runs from the top and defines the function (and its "
                "cache) anew, so nothing is reused. Use `@st.cache_data`, which lives across "
                "reruns, or keep the result in `st.session_state` with its inputs.",
    ),
    Mistake(
        "key-includes-unrelated-widgets", check=KEPT, when=unrelated_widget_recomputes,
        message="The result is kept, but changing {found}, which the segmentation does not "
                "read, computed it again: its key includes widgets that only change how the "
                "result is shown. Key the result by exactly what the computation reads: the "
                "measure and the number of segments.",
    ),
    Mistake(
        "recomputes-every-run", check=KEPT, when=rerun_recomputes,
        message="Every widget change reruns the script from the top, and the script computes "
                "the segments again each time, even when only the chart type or the table "
                "changed. Keep the result in `st.session_state` together with the inputs that "
                "produced it (`(measure, count)`) and compute only when they differ (or cache "
                "the function that calls `speedlit.segment_customers` with `st.cache_data`, "
                "which keys by its arguments).",
    ),
    Mistake(
        "callback-reads-old-values", check=FRESH, when=callback_reads_old_values,
        message="The `on_change` callback runs *before* the script, so {found} it reads still "
                "hold the previous run's values: the result is computed for the old inputs. "
                "Read the new values from the widgets' keys (`st.session_state[...]`, with "
                "`key=` on the widgets), or compute in the script body when the inputs differ "
                "from the stored ones.",
    ),
]
