import ast

from checkers import display
from checkers.spec import *

WORK = "delivery_estimate"  # speedlit.delivery_estimate(warehouse, route, parcels): 0.8 s
MESSAGE = "Calculating"

SCENARIO = [
    start(),
    choose("Warehouse", "Hamburg"),
    set_value("Parcels", 120),
    choose("Warehouse", "Munich"),
    set_value("Parcels", 30),
    rerun(),
]

LEFTOVER = "No “Calculating…” is left on the page"
SHOWN = "While a route is estimated, the page says “Calculating…”"
IN_COLUMN = "The “Calculating…” stands in the routes' columns"
SAME = "Each result stands where its “Calculating…” was; the page looks as before"
ONCE = "Each route is estimated once per run"


def _column_says(view: list[dict]) -> bool:
    """Some column on the page shows text with “Calculating”."""
    for item in view:
        if item.get("type") == "column" and any(
                MESSAGE in str(leaf.get(key, "")) for leaf in display.flatten(item["children"])
                for key in ("value", "label", "text")):
            return True
        if _column_says(item.get("children", [])):
            return True
    return False


def in_a_column(ctx) -> str | None:
    """At every call of the routing service, a column says “Calculating…” (local helper: a
    ``shows_while`` that looks only inside columns)."""
    for step in ctx.steps:
        for wait in step.get("waiting", []):
            if wait["call"] == WORK and not _column_says(wait["display"]):
                return (f"While `{WORK}` ran during “{step['said']}”, no column said "
                        "“Calculating…”: the message should stand in the column of the route "
                        "being estimated, where its result will appear.")
    return None


CHECKS = [
    no_problems(),
    # The starter shows the message while waiting, and deleting it leaves nothing behind:
    # each scores only with the other.
    nothing_left(text=MESSAGE, what="“Calculating…”", points=2, task=1, name=LEFTOVER,
                 requires=SHOWN),
    shows_while(WORK, text=MESSAGE, what="“Calculating…”", points=1, task=1, name=SHOWN,
                requires=LEFTOVER),
    Check(IN_COLUMN, 2, in_a_column, task=1, requires=(LEFTOVER, SHOWN)),
    same_page(points=3, task=2, name=SAME, requires=(LEFTOVER, SHOWN)),
    calls_match(WORK, points=1, task=2, name=ONCE, what="the routing service",
                why_missing="Only `speedlit.delivery_estimate` knows a route's hours.",
                requires=(LEFTOVER, SHOWN)),
]


# ---------------------------------------------------------------- pointing at the code
def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "attr", getattr(call.func, "id", None))


def _makes_placeholder(value) -> bool:
    return isinstance(value, ast.Call) and _name(value) == "empty"


def _placeholders(tree) -> dict[str, ast.Assign]:
    """Names bound to `<container>.empty()`."""
    return {t.id: node for node in ast.walk(tree) if isinstance(node, ast.Assign)
            and _makes_placeholder(node.value) for t in node.targets if isinstance(t, ast.Name)}


def _writes_to(tree, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
            and n.func.value.id == name]


def new_placeholder_each_time(ctx) -> Finding | None:
    chained = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Call)
               and isinstance(n.func, ast.Attribute) and _makes_placeholder(n.func.value)]
    return Finding("", chained[-1].lineno) if len(chained) >= 2 else None


def result_not_in_placeholder(ctx) -> Finding | None:
    """A placeholder written once, when “Calculating…” stays on the page."""
    for name, bound in _placeholders(ctx.tree).items():
        writes = _writes_to(ctx.tree, name)
        if len(writes) == 1:
            return Finding("", writes[0].lineno)
    return None


def one_placeholder_for_all(ctx) -> Finding | None:
    """A placeholder made once, before a loop, and written to on every pass of the loop; the
    page then holds one metric where the reference holds one per route."""
    def metrics(step):
        return sum(i.get("type") == "metric" for i in display.flatten(step["display"]))

    if metrics(ctx.steps[-1]) >= metrics(ctx.ref_steps[-1]):
        return None
    places = _placeholders(ctx.tree)
    for loop in (n for n in ast.walk(ctx.tree) if isinstance(n, (ast.For, ast.While))):
        inside = {id(n) for n in ast.walk(loop)}
        for name, bound in places.items():
            if id(bound) in inside or (isinstance(loop, ast.For) and name in
                                       {n.id for n in ast.walk(loop.target)
                                        if isinstance(n, ast.Name)}):
                continue
            if [w for w in _writes_to(loop, name) if _name(w) != "empty"]:
                return Finding("", bound.lineno)
    return None


MISTAKES = [
    Mistake(
        "new-placeholder-each-time", check=LEFTOVER, when=new_placeholder_each_time,
        message="Each call of `.empty()` makes a *new* placeholder: `column.empty().caption(…)` "
                "fills one, and `column.empty().metric(…)` fills a second one below it, so the "
                "message stays. Keep the placeholder in a variable, `slot = column.empty()`, "
                "and write both the message and the result into `slot`.",
    ),
    Mistake(
        "result-not-in-placeholder", check=LEFTOVER, when=result_not_in_placeholder,
        message="“Calculating…” goes into the placeholder, but the result is drawn as a new "
                "element below it, so the placeholder keeps its message. Draw the result into "
                "the same placeholder (`slot.metric(…)`): an `st.empty` holds one element, and "
                "each write replaces the last.",
    ),
    Mistake(
        "one-placeholder-for-all", check=(IN_COLUMN, SAME), when=one_placeholder_for_all,
        message="This one placeholder is written on every pass of the loop. An `st.empty` holds "
                "exactly one element, so each route's result replaces the previous one and "
                "only the last route is left. Make one placeholder per route, in its column "
                "(`slot = column.empty()`).",
    ),
]
