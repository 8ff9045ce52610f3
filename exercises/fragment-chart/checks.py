import ast

from checkers import display
from checkers.spec import *

HEADER = "kpis"  # speedlit.kpis(): the header's slow summary query
SERIES = "metric_series"  # speedlit.metric_series(metric): the chart's data

SCENARIO = [
    start(),
    choose("Metric", "Revenue"),
    choose("Metric", "Users"),
    choose("Metric", "Sales"),
    choose("Metric", "Revenue"),  # a metric seen before: the chart still follows it
]

HEADER_ONCE = "The header's query runs once"
CHART_ALONE = "Changing the metric reruns only the chart section"
SAME = "The chart follows every selection; the page looks the same"

CHECKS = [
    no_problems(),
    calls(HEADER, exactly=REF, points=2, task=1, name=HEADER_ONCE,
          what="The header's query (`speedlit.kpis()`)"),
    fragment_only("Metric", points=3, task=2, name=CHART_ALONE),
    same_page(points=3, task=3, name=SAME, requires=(HEADER_ONCE, CHART_ALONE)),
]


# ---------------------------------------------------------------- what the judge saw
def _metric_steps(ctx) -> list[dict]:
    return [s for s in ctx.steps if s["step"].get("widget") == "Metric"]


def _whole_rerun(ctx) -> bool:
    return any(s["runs"].get("script") for s in _metric_steps(ctx))


def _chart(step: dict) -> list[dict]:
    return [i for i in display.leaves(display.seen(step["display"])) if i["type"] == "chart"]


# ---------------------------------------------------------------- pointing at the code
def _called(node: ast.Call) -> str | None:
    return getattr(node.func, "attr", getattr(node.func, "id", None))


def _fragments(tree) -> list[ast.FunctionDef]:
    """Functions made fragments: `@st.fragment` (any form) or `st.fragment(function)`."""
    wrapped = {a.id for n in ast.walk(tree) if isinstance(n, ast.Call)
               and _called(n) == "fragment" for a in n.args if isinstance(a, ast.Name)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and (
        n.name in wrapped or any(_called(d) == "fragment" if isinstance(d, ast.Call) else
                                 getattr(d, "attr", getattr(d, "id", None)) == "fragment"
                                 for d in n.decorator_list))]


def _calls_in(nodes, names: set[str]) -> list[ast.Call]:
    return [c for node in nodes for c in ast.walk(node)
            if isinstance(c, ast.Call) and _called(c) in names]


def _outside_fragments(tree, name: str) -> ast.Call | None:
    inside = {id(c) for c in _calls_in(_fragments(tree), {name})}
    return next((c for c in _calls_in([tree], {name}) if id(c) not in inside), None)


# ---------------------------------------------------------------- the mistakes' rules
def full_rerun_in_fragment(ctx):
    if not any(s["runs"].get("fragment") and s["runs"].get("script") for s in _metric_steps(ctx)):
        return None
    for call in _calls_in(_fragments(ctx.tree), {"rerun"}):
        scope = next((k.value for k in call.keywords if k.arg == "scope"), None)
        if not (isinstance(scope, ast.Constant) and scope.value == "fragment"):
            return Finding("", call.lineno)
    return None


def header_in_fragment(ctx):
    for step in _metric_steps(ctx):
        if step["calls"].get(HEADER) and step["runs"].get("fragment") and \
                not step["runs"].get("script"):
            doing = functions_doing(ctx.tree, HEADER) | {HEADER}
            line = next((f.lineno for f in _fragments(ctx.tree) if _calls_in([f], doing)), None)
            return Finding("", line)
    return None


def fragment_never_called(ctx):
    if not any(s.get("problem") for s in _metric_steps(ctx)):
        return None
    called = {c.id if isinstance(c, ast.Name) else None for c in
              (n.func for n in ast.walk(ctx.tree) if isinstance(n, ast.Call))}
    for function in _fragments(ctx.tree):
        if function.name not in called:
            return Finding(f"`{function.name}`", function.lineno)
    return None


def cached_header_instead(ctx):
    if _whole_rerun(ctx) and not _fragments(ctx.tree):
        return cached_kind(HEADER, "cache_data")(ctx) or cached_kind(HEADER, "cache_resource")(ctx)
    return None


def fragment_around_header(ctx):
    selectbox = _outside_fragments(ctx.tree, "selectbox")
    doing = functions_doing(ctx.tree, HEADER) | {HEADER}
    if _whole_rerun(ctx) and selectbox and any(_calls_in([f], doing) for f in _fragments(ctx.tree)):
        return Finding("", selectbox.lineno)
    return None


def widget_outside_fragment(ctx):
    selectbox = _outside_fragments(ctx.tree, "selectbox")
    if _whole_rerun(ctx) and _fragments(ctx.tree) and selectbox:
        return Finding("", selectbox.lineno)
    return None


def chart_outside_fragment(ctx):
    chart = _outside_fragments(ctx.tree, "line_chart")
    for mine, ref in zip(_metric_steps(ctx), [s for s in ctx.ref_steps
                                               if s["step"].get("widget") == "Metric"]):
        if chart and mine["runs"].get("fragment") and not mine["runs"].get("script") and \
                _chart(mine) != _chart(ref) and not mine["calls"].get(SERIES):
            return Finding("", chart.lineno)
    return None


MISTAKES = [
    Mistake(
        "header-in-fragment", check=HEADER_ONCE, when=header_in_fragment,
        message="The header's query runs inside the fragment, so every change of the metric, "
                "which reruns the fragment, asks it again. Keep only the selectbox and the chart "
                "in the `@st.fragment` function and draw the header outside it: it is then "
                "drawn by the full run that opens the page, and left alone by the fragment's "
                "reruns.",
    ),
    Mistake(
        "full-rerun-in-fragment", check=CHART_ALONE, when=full_rerun_in_fragment,
        message="This `st.rerun()` inside the fragment reruns the whole app (the header's query "
                "included) when the metric changes. A fragment already reruns by "
                "itself when a widget inside it changes: drop the `st.rerun()` (a rerun of the "
                "fragment alone is `st.rerun(scope=\"fragment\")`).",
    ),
    Mistake(
        "fragment-never-called", check=CHART_ALONE, when=fragment_never_called,
        message="{found} is made a fragment but never called, so the metric selectbox "
                "and the chart are not on the page. A fragment is a function like any other: "
                "call it where the chart section should appear.",
    ),
    Mistake(
        "cached-header-instead", check=CHART_ALONE, when=cached_header_instead,
        message="Caching the header's numbers makes its query run once, but every metric "
                "change still reruns the whole page (title, columns, metrics, chart). Put the "
                "chart section in an `@st.fragment` function so only it reruns.",
    ),
    Mistake(
        "fragment-around-header", check=CHART_ALONE, when=fragment_around_header,
        message="Your fragment holds the header, but it is the metric selectbox that changes, "
                "and a widget outside every fragment reruns the whole script, header included. "
                "Put the selectbox and the chart in the `@st.fragment` function, and leave the "
                "header outside it.",
    ),
    Mistake(
        "widget-outside-fragment", check=CHART_ALONE, when=widget_outside_fragment,
        message="The metric selectbox is outside the fragment. A widget reruns the fragment it "
                "lives in — and a widget outside every fragment reruns the whole script. Move "
                "the selectbox into the `@st.fragment` function together with the chart.",
    ),
    Mistake(
        "chart-outside-fragment", check=SAME, when=chart_outside_fragment,
        message="The chart is drawn outside the fragment, so a change of the metric, which "
                "reruns only the fragment, never redraws it: it keeps the metric of the last "
                "full run. Draw the chart inside the `@st.fragment` function, with the "
                "selectbox.",
    ),
]
