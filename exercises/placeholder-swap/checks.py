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


def in_a_column(ctx) -> str | None:
    """At every call of the routing service, a column says “Calculating…” (a ``shows_while``
    that looks only inside columns)."""
    for step in ctx.steps:
        for view in at_calls(step, WORK):
            if not any(MESSAGE in str(leaf.get(key, "")) for column in outermost(view, "column")
                       for leaf in display.flatten(column["children"])
                       for key in ("value", "label", "text")):
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


MISTAKES = [
    Mistake(
        "new-placeholder-each-time", check=LEFTOVER, when=placeholder_chained(),
        message="Each call of `.empty()` makes a *new* placeholder: `column.empty().caption(…)` "
                "fills one, and `column.empty().metric(…)` fills a second one below it, so the "
                "message stays. Keep the placeholder in a variable, `slot = column.empty()`, "
                "and write both the message and the result into `slot`.",
    ),
    Mistake(
        "result-not-in-placeholder", check=LEFTOVER, when=placeholder_written_once(),
        message="“Calculating…” goes into the placeholder, but the result is drawn as a new "
                "element below it, so the placeholder keeps its message. Draw the result into "
                "the same placeholder (`slot.metric(…)`): an `st.empty` holds one element, and "
                "each write replaces the last.",
    ),
    Mistake(
        "one-placeholder-for-all", check=(IN_COLUMN, SAME),
        when=all_of(fewer_of("metric"), placeholder_outside_loop()),
        message="This one placeholder is written on every pass of the loop. An `st.empty` holds "
                "exactly one element, so each route's result replaces the previous one and "
                "only the last route is left. Make one placeholder per route, in its column "
                "(`slot = column.empty()`).",
    ),
]
