import ast
import datetime as dt

from checkers import display
from checkers.spec import *
from checkers.static import option_value, work_names

MIN_TTL, MAX_TTL = 30, 300  # seconds, both included

SCENARIO = [
    start(),  # the first fetch, at 0 s on the grader's clock
    choose("Symbol", "GLOBEX"),
    set_value("Shares", 25),
    advance(20),
    rerun(),  # 20 s: still fresh under any allowed ttl
    start(session=1),  # another user: the cache is shared by every session
    advance(330),
    choose("Symbol", "INITECH"),  # 350 s: expired under any allowed ttl; the prices have moved
    advance(25),
    set_value("Shares", 5),  # 375 s: the feed has new prices again (a new minute), but the ones
    rerun(session=1),  # fetched 25 s ago are fresh under any allowed ttl, so they are shown
]

WORK = "quotes"  # speedlit.quotes(), which fetch_prices asks
FRESH_ONCE = "The prices are fetched once while they are fresh"
REFETCHED = "The prices are fetched again after they expire"
TTL_BOUNDS = "A ttl between 30 seconds and 5 minutes is in effect"
CURRENT = "The prices shown are never too old, nor refreshed too early"


# ---------------------------------------------------------------- behaviour
def _clock(ctx) -> list[float]:
    """Seconds the grader had moved the clock forward when each step began."""
    now, out = 0.0, []
    for step in ctx.steps:
        out.append(now)
        if step["step"].get("do") in ("advance", "tick"):
            now += float(step["step"]["seconds"])
    return out


def _expiry_index(ctx) -> int:
    """The first step after the clock passed MAX_TTL: every allowed ttl has expired."""
    return next(i for i, t in enumerate(_clock(ctx)) if t > MAX_TTL)


def fresh_once(ctx):
    clock, last = _clock(ctx), None
    for index, step in enumerate(ctx.steps[:_expiry_index(ctx)]):
        ran = int(step["calls"].get(WORK, 0))
        if ran and last is not None:
            return (f"After “{step['said']}” the prices were fetched again, although the last "
                    f"fetch was only {clock[index] - last:g} s earlier (on the grader's clock).")
        if ran > 1:
            return f"During “{step['said']}” the prices were fetched {times(ran)}."
        if ran:
            last = clock[index]
    if last is None:
        return "The prices were never fetched while the app was opened and used."
    return None


def refetched(ctx):
    clock, first = _clock(ctx), _expiry_index(ctx)
    later = [s for s in ctx.steps[first:] if s["runs"].get("script") or s["runs"].get("fragment")]
    if not later:
        return "The grader found no run after the clock passed the ttl."
    step, ran = later[0], int(later[0]["calls"].get(WORK, 0))
    if ran != 1:
        return (f"After the clock moved {clock[first]:g} s past the first fetch, "
                f"“{step['said']}” fetched the prices {times(ran) if ran else 'not at all'}; "
                "it should fetch them once, because they are older than 5 minutes by then.")
    for step in later[1:]:
        if step["calls"].get(WORK):
            return (f"After “{step['said']}” the prices were fetched again, although they had "
                    "just been fetched.")
    return None


def _price_table(step: dict) -> dict | None:
    for item in display.flatten(step["display"]):
        if item.get("type") in ("dataframe", "table"):
            return item
    return None


def prices_current(ctx):
    """The feed's prices change every minute of the grader's clock, and the scenario only looks
    at the page when every ttl from 30 s to 5 min gives the same prices as the reference's: so
    the table shows whether the prices were kept too long or fetched again too early."""
    clock, last = _clock(ctx), None
    for index, (mine, ref) in enumerate(zip(ctx.steps, ctx.reference["steps"])):
        if mine["calls"].get(WORK):
            last = clock[index]
        got, want = _price_table(mine), _price_table(ref)
        if got == want:
            continue
        said = mine["said"]
        if got is None:
            return f"After “{said}” the app shows no price table."
        if mine["calls"].get(WORK) and not ref["calls"].get(WORK):
            return (f"After “{said}” the app shows new prices: it fetched them again although "
                    "the cached ones were less than 30 s old (on the grader's clock). Cached "
                    "prices must live at least 30 s.")
        if last is not None and clock[index] - last > MAX_TTL:
            return (f"After “{said}” the app still shows the prices it fetched "
                    f"{_say(clock[index] - last)} earlier (on the grader's clock); prices older "
                    "than 5 minutes must be fetched again.")
        return f"After “{said}” the price table is not the one the feed gives at that time."
    return None


# ---------------------------------------------------------------- the ttl in the code
def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node.value
    return names


def ttl_value(node: ast.expr, tree: ast.Module, depth: int = 0):
    """The ttl as Streamlit would get it (number, str or timedelta), or None if unclear."""
    if depth > 5:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)) and \
            not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name):
        found = _constants(tree).get(node.id)
        return ttl_value(found, tree, depth + 1) if found is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        left, right = ttl_value(node.left, tree, depth + 1), ttl_value(node.right, tree, depth + 1)
        if left is None or right is None or isinstance(left, str) or isinstance(right, str):
            return None
        try:
            return {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
                    ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}[type(node.op)](
                left, right)
        except (TypeError, ZeroDivisionError):
            return None
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            node.func.id if isinstance(node.func, ast.Name) else None
        if name == "timedelta":
            args = [ttl_value(a, tree, depth + 1) for a in node.args]
            kwargs = {k.arg: ttl_value(k.value, tree, depth + 1) for k in node.keywords}
            if all(isinstance(v, (int, float)) for v in [*args, *kwargs.values()]):
                try:
                    return dt.timedelta(*args, **kwargs)
                except (TypeError, OverflowError):
                    return None
    return None


def ttl_seconds(value) -> float | None:
    """Seconds, exactly as Streamlit 1.67 reads a ttl (a str goes through pandas.Timedelta)."""
    from streamlit.time_util import time_to_seconds

    try:
        return float(time_to_seconds(value))
    except Exception:
        return None


def _ttl_of(ctx):
    """(decorated item, ast node of ttl or None) for the cached function doing the work."""
    for item in cached_functions(ctx.tree):
        if WORK in work_names(item.function):
            return item, item.options.get("ttl")
    return None, None


def _say(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds:g} s"
    minutes = f" ({seconds / 60:g} min)" if seconds >= 60 else ""
    return f"{seconds:g} s{minutes}"


def ttl_in_bounds(ctx) -> Finding | None:
    item, node = _ttl_of(ctx)
    if item is None:
        return Finding("The function that asks `speedlit.quotes()` is not cached, so there is "
                       "no ttl to check.")
    if node is None:
        return Finding(f"`@st.{item.kind}` on `{item.name}` sets no `ttl=`: the cached prices "
                       "would never expire.", item.line)
    if option_value(item, "persist") not in (None, False):
        # The grader's runtime keeps caches in memory only (MemoryCacheStorageManager), so the
        # run cannot show this: on a real server the entry read back from disk never expires.
        return Finding("`persist=\"disk\"` makes Streamlit ignore the ttl.", item.line)
    value = ttl_value(node, ctx.tree)
    seconds = ttl_seconds(value) if value is not None else None
    if seconds is None:
        return Finding("The grader cannot read this ttl. Write it as a number of seconds "
                       "(`ttl=120`), a duration string (`ttl=\"2min\"`) or a timedelta "
                       "(`ttl=timedelta(minutes=2)`).", node.lineno)
    if not MIN_TTL <= seconds <= MAX_TTL:
        return Finding(f"The ttl is {_say(seconds)}; it must be between 30 s and 5 minutes "
                       "(both included).", node.lineno)
    return None


CHECKS = [
    no_problems(points=1),
    Check(FRESH_ONCE, 3, fresh_once, task=1),
    Check(REFETCHED, 2, refetched, task=1),
    static(ttl_in_bounds, points=2, task=2, name=TTL_BOUNDS),
    Check(CURRENT, 2, prices_current, task=2),
    same_display(points=1, task=3),
]


# ---------------------------------------------------------------- recognising mistakes
def _seconds(ctx) -> tuple[object, float | None, int | None]:
    item, node = _ttl_of(ctx)
    if node is None:
        return None, None, None
    value = ttl_value(node, ctx.tree)
    return value, (ttl_seconds(value) if value is not None else None), node.lineno


def digits_in_a_string(ctx) -> Finding | None:
    value, _, line = _seconds(ctx)
    if isinstance(value, str) and value.strip().replace(".", "", 1).isdigit():
        return Finding("nanoseconds", line)
    return None


def too_short(ctx) -> Finding | None:
    value, seconds, line = _seconds(ctx)
    if seconds is not None and seconds < MIN_TTL:
        return Finding("short", line)
    return None


def too_long(ctx) -> Finding | None:
    value, seconds, line = _seconds(ctx)
    if seconds is not None and seconds > MAX_TTL:
        return Finding("long", line)
    return None


def persisted(ctx) -> Finding | None:
    item, _ = _ttl_of(ctx)
    if item is not None and option_value(item, "persist") not in (None, False):
        return Finding("persist", item.line)
    return None


def no_ttl(ctx) -> Finding | None:
    item, node = _ttl_of(ctx)
    if item is not None and node is None:
        return Finding("no ttl", item.line)
    return None


MISTAKES = [
    Mistake(
        "ttl-digits-in-a-string", when=digits_in_a_string,
        message="A ttl given as a string is read by pandas as a duration, and a bare number in a "
                "string counts *nanoseconds*: `ttl=\"120\"` expires at once, so every call fetches "
                "again. Write the number without quotes (`ttl=120`, in seconds) or give the unit "
                "(`ttl=\"2min\"`).",
    ),
    Mistake(
        "persist-ignores-ttl", when=persisted,
        message="With `persist=\"disk\"` Streamlit ignores the ttl (it logs a warning saying so): "
                "persisted entries never expire, so the desk would see the first prices forever. "
                "Drop `persist` — prices that must stay fresh should not be persisted.",
    ),
    Mistake(
        "ttl-too-short", when=too_short,
        message="This ttl lets the prices expire in less than 30 s, so the feed is called more "
                "often than its contract allows. Remember that a number given as ttl counts "
                "seconds: if you meant minutes, write `ttl=\"2min\"` (or `ttl=120`). Any ttl from "
                "30 s to 5 minutes is fine.",
    ),
    Mistake(
        "ttl-too-long", when=too_long,
        message="This ttl keeps prices longer than 5 minutes, so the desk would see prices older "
                "than it accepts: after 5 minutes the next run must fetch again. Use a ttl from "
                "30 s to 5 minutes, such as `ttl=\"2min\"`.",
    ),
    Mistake(
        "not-cached", check=FRESH_ONCE, when=not_cached(WORK),
        message="`fetch_prices` is not cached, so every click and every rerun calls the price "
                "feed again. Cache it with `@st.cache_data` — and since prices go stale, give the "
                "cache a `ttl` so old prices expire.",
    ),
    Mistake(
        "no-ttl", when=no_ttl,
        message="Without a ttl a cached entry never expires: it stays until the cache is cleared "
                "or the server stops, so the desk would see the first prices all day. Give the "
                "decorator a `ttl` between 30 s and 5 minutes, such as `ttl=\"2min\"`.",
    ),
]
