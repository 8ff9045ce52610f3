import ast

from checkers import display
from checkers.spec import *
from checkers.static import work_names

LEAST, MOST = 3, 5  # max_entries allowed, both included

SCENARIO = [
    start(),
    choose("Customer", "Ben"),
    set_value("Show orders", True),
    choose("Customer", "Cleo"),
    choose("Customer", "Dev"),
    choose("Customer", "Eve"),
    choose("Customer", "Finn"),
    choose("Customer", "Ada"),  # five others since: pushed out of any allowed cache
    choose("Customer", "Eve"),  # among the 3 most recent: must still be cached
    choose("Customer", "Finn"),
    start(session=1),  # another agent opens Ada, viewed two customers ago
]

WORK = "customer_orders"  # speedlit.customer_orders(customer), which customer_report asks
RECENT = "A recently viewed customer's report is reused"
EVICTED = "A report pushed out of the cache is built again"
BOUNDED = "max_entries is between 3 and 5"


# ---------------------------------------------------------------- behaviour
def _customer(step: dict) -> str | None:
    for item in display.flatten(step["display"]):
        if item.get("type") == "selectbox" and item.get("label") == "Customer":
            return item.get("value")
    return None


def _viewed(ctx):
    """(step, customer shown, reports built, customers viewed before it, most recent first)."""
    history: list[str] = []
    for step in ctx.steps:
        customer = _customer(step)
        if not (step["runs"].get("script") or step["runs"].get("fragment")) or customer is None:
            continue
        yield step, customer, int(step["calls"].get(WORK, 0)), list(history)
        history = [customer] + [c for c in history if c != customer]


def recent_reused(ctx):
    for step, customer, built, before in _viewed(ctx):
        if built > 1:
            return f"During “{step['said']}” {customer}'s report was built {built} times."
        if built and customer in before[:LEAST]:
            return (f"After “{step['said']}” {customer}'s report was built again, although "
                    f"{customer} was among the {LEAST} customers viewed most recently.")
    return None


def evicted_rebuilt(ctx):
    for step, customer, built, before in _viewed(ctx):
        if built:
            continue
        if customer not in before:
            return (f"After “{step['said']}” {customer} was shown for the first time, but no "
                    "report was built for them.")
        if customer not in before[:MOST]:
            return (f"After “{step['said']}” {customer}'s report came from the cache, although "
                    f"{before.index(customer)} other customers were viewed since: a cache of at "
                    f"most {MOST} reports must have pushed it out.")
    return None


# ---------------------------------------------------------------- max_entries in the code
def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    return {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)}


def _number(node: ast.expr | None, tree: ast.Module, depth: int = 0):
    if node is None or depth > 5:
        return None
    if isinstance(node, ast.Name):
        return _number(_constants(tree).get(node.id), tree, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
        left, right = _number(node.left, tree, depth + 1), _number(node.right, tree, depth + 1)
        if isinstance(left, int) and isinstance(right, int):
            return {ast.Add: left + right, ast.Sub: left - right,
                    ast.Mult: left * right}[type(node.op)]
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len" \
            and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
        found = _constants(tree).get(node.args[0].id)
        try:
            return len(ast.literal_eval(found)) if found is not None else None
        except (ValueError, SyntaxError, TypeError):
            return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _cached(ctx):
    for item in cached_functions(ctx.tree):
        if WORK in work_names(item.function):
            return item
    return None


def max_entries(ctx) -> tuple[object, int | None, int | None]:
    """(decorated item or None, its max_entries if readable, the line to point at)."""
    item = _cached(ctx)
    if item is None:
        return None, None, None
    node = item.options.get("max_entries")
    line = node.lineno if node is not None else item.line
    return item, _number(node, ctx.tree), line


def bounded(ctx) -> Finding | None:
    item, value, line = max_entries(ctx)
    if item is None:
        return Finding("The function that asks `speedlit.customer_orders()` is not cached with "
                       "Streamlit, so there is no `max_entries` to check.")
    if "max_entries" not in item.options:
        return Finding(f"`@st.{item.kind}` on `{item.name}` sets no `max_entries=`: the "
                       "cache may hold a report for every customer.", line)
    if value is None:
        return Finding("The grader cannot read this max_entries: write it as a whole number, "
                       "such as `max_entries=4`.", line)
    if not LEAST <= value <= MOST:
        return Finding(f"max_entries is {value}; it must be between {LEAST} and {MOST}.", line)
    return None


CHECKS = [
    no_problems(points=1),
    Check(RECENT, 3, recent_reused, task=1),
    Check(EVICTED, 2, evicted_rebuilt, task=2),
    static(bounded, points=2, task=2, name=BOUNDED),
    same_display(points=1, task=3),
]


# ---------------------------------------------------------------- recognising mistakes
def functools_cache(ctx) -> Finding | None:
    """A functools cache on the function: it is made anew by every run of the script."""
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.FunctionDef) and WORK in work_names(node):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                name = target.attr if isinstance(target, ast.Attribute) else \
                    target.id if isinstance(target, ast.Name) else None
                if name in ("lru_cache", "cache"):
                    return Finding("functools", dec.lineno)
    return None


def ttl_without_bound(ctx) -> Finding | None:
    item = _cached(ctx)
    if item is not None and "ttl" in item.options and "max_entries" not in item.options:
        return Finding("ttl", item.line)
    return None


def unbounded(ctx) -> Finding | None:
    item = _cached(ctx)
    if item is not None and "max_entries" not in item.options:
        return Finding("unbounded", item.line)
    return None


def too_small(ctx) -> Finding | None:
    item, value, line = max_entries(ctx)
    return Finding("small", line) if value is not None and value < LEAST else None


def too_large(ctx) -> Finding | None:
    item, value, line = max_entries(ctx)
    return Finding("large", line) if value is not None and value > MOST else None


MISTAKES = [
    Mistake(
        "functools-lru-cache", when=functools_cache,
        message="`functools.lru_cache` keeps its entries on the function object, and Streamlit "
                "executes your whole script again on every rerun, `def` included: each run "
                "makes a new function with a new, empty cache, so every report is built again. "
                "Use `@st.cache_data(max_entries=…)`, whose cache outlives reruns and is shared "
                "by every session.",
    ),
    Mistake(
        "not-cached", check=RECENT, when=not_cached(WORK),
        message="`customer_report` is not cached, so every rerun builds the report again, even "
                "when only the \"Show orders\" toggle changed. Cache it with `@st.cache_data`, "
                "and bound the cache with `max_entries`.",
    ),
    Mistake(
        "ttl-instead-of-max-entries", when=ttl_without_bound,
        message="A ttl is about freshness, not memory: it puts no limit on how many reports "
                "pile up within the ttl, so a busy desk can fill the server with every "
                "customer's report. Bound the number of entries with `max_entries` (between 3 "
                "and 5); a new entry then pushes out the least recently used one.",
    ),
    Mistake(
        "unbounded-cache", when=unbounded,
        message="Without a bound the cache keeps one report per customer ever viewed, for as long "
                "as the server runs: every distinct argument value is a new entry. Set "
                "`max_entries` (between 3 and 5): a new entry then pushes out the least recently "
                "used one.",
    ),
    Mistake(
        "max-entries-too-small", when=too_small,
        message="This cache holds fewer than 3 reports, so going back to a customer viewed a "
                "moment ago builds the report again. `max_entries` drops the least recently "
                "used entry first; keep at least 3 (and at most 5).",
    ),
    Mistake(
        "max-entries-too-large", when=too_large,
        message="This cache may hold more than 5 reports, more than the server's memory allows, "
                "so a customer viewed five customers ago still comes from the cache. Set "
                "`max_entries` between 3 and 5.",
    ),
]
