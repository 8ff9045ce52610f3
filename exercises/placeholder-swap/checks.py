import ast

from checkers import display
from checkers.spec import *

SCENARIO = [
    start(),
    choose("Warehouse", "Hamburg"),
    set_value("Parcels", 120),
    choose("Warehouse", "Munich"),
    set_value("Parcels", 30),
    rerun(),
]

MESSAGE = "Calculating"
WORK = "delivery_estimate"  # speedlit.delivery_estimate(warehouse, route, parcels): 0.8 s
ROUTES = ["North", "Centre", "South"]
LEFTOVER = "No “Calculating…” is left on the page"
SAME = "Each result stands where its “Calculating…” was; the page looks as before"


def nothing_left_behind(ctx) -> str | None:
    for step in ctx.steps:
        for item in display.flatten(step["display"]):
            if any(MESSAGE in str(item.get(key, "")) for key in ("value", "label")):
                return (f"After “{step['said']}” the page still shows {display.describe(item)}. "
                        "Once a route's estimate is ready, it should take the place of its "
                        "“Calculating…” message.")
    return None


def _text(item: dict) -> str:
    return " ".join(str(item.get(key, "")) for key in ("value", "label"))


def _route_columns(items: list[dict]) -> list[list[dict]]:
    """The leaves of each column of the first row of one column per route."""
    for item in items:
        children = item.get("children", [])
        if len(children) == len(ROUTES) and all(c.get("type") == "column" for c in children):
            return [display.flatten(c.get("children", [])) for c in children]
        found = _route_columns(children)
        if found:
            return found
    return []


def calculating_while_waiting(ctx) -> str | None:
    """At each call of the routing service, the page shows “Calculating…”: in the column of
    the route being estimated when a run asks for every route in turn. (The judge takes a
    light snapshot of the page at each call: what the user sees while waiting.)"""
    asked = False
    for step in ctx.steps:
        seen = [w for w in step.get("waiting", []) if w["call"] == WORK]
        for number, wait in enumerate(seen):
            asked = True
            columns = _route_columns(wait["display"])
            if len(seen) == len(ROUTES) and columns:
                route = ROUTES[number]
                if not any(MESSAGE in _text(e) for e in columns[number]):
                    return (f"When the grader did “{step['said']}”, the column of route "
                            f"{route} did not say “Calculating…” while that route was being "
                            "estimated, so the user saw no sign of the work. Write the message "
                            "into the route's placeholder before asking for its estimate.")
            elif not any(MESSAGE in _text(e) for e in display.flatten(wait["display"])):
                return (f"When the grader did “{step['said']}”, the page showed no "
                        "“Calculating…” while the routing service worked. Keep the message "
                        "and let each result replace it.")
    if not asked:
        return "The grader never saw the app ask the routing service for an estimate."
    return None


# ---------------------------------------------------------------- reading the code
def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


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
    for name, bound in _placeholders(ctx.tree).items():
        writes = _writes_to(ctx.tree, name)
        if len(writes) == 1:
            return Finding("", writes[0].lineno)
    return None


def one_placeholder_for_all(ctx) -> Finding | None:
    """A placeholder made once, before a loop, and written to on every pass of the loop."""
    places = _placeholders(ctx.tree)
    for loop in (n for n in ast.walk(ctx.tree) if isinstance(n, (ast.For, ast.While))):
        inside = {id(n) for n in ast.walk(loop)}
        for name, bound in places.items():
            if id(bound) in inside or (isinstance(loop, ast.For) and name in
                                       {n.id for n in ast.walk(loop.target)
                                        if isinstance(n, ast.Name)}):
                continue
            writes = [w for w in _writes_to(loop, name) if _name(w) != "empty"]
            if writes:
                return Finding("", bound.lineno)
    return None


CHECKS = [
    no_problems(points=1),
    Check(LEFTOVER, 3, nothing_left_behind, task=1),
    Check("While a route is estimated, its column says “Calculating…”", 1,
          calculating_while_waiting, task=1),
    same_display(points=3, task=2, name=SAME),
    calls(WORK, at_most=18, points=1, task=2, name="Each estimate is computed once per run",
          what="The routing call (`speedlit.delivery_estimate(...)`)"),
]

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
        "one-placeholder-for-all", check=SAME, when=one_placeholder_for_all,
        message="This one placeholder is written on every pass of the loop. An `st.empty` holds "
                "exactly one element, so each route's result replaces the previous one and "
                "only the last route is left. Make one placeholder per route, in its column "
                "(`slot = column.empty()`).",
    ),
]
