"""Rules on the learner's syntax tree, for what running the app cannot show.

Behaviour decides pass or fail; these rules explain *why* with a line number (a ``Finding``),
or check a property no run reveals (a ``ttl`` that is set but never reached in a scenario).
Each rule is a function of a context with ``.tree`` (``ast.Module``) and ``.source``.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable, Iterator

CACHE_KINDS = ("cache_data", "cache_resource")
FRAME_MAKERS = {"read_csv", "read_parquet", "read_json", "read_excel", "read_sql", "DataFrame",
                "read_table", "concat", "merge",
                # the course services that return a DataFrame
                "read_sales", "region_sales", "query_sales", "customer_orders",
                "orders_by_status", "segment_customers", "demand_forecast", "weekly_orders",
                "metric_series", "yearly_report", "forecast", "revenue_forecast", "orders_page",
                "sales_forecast", "warehouse_query", "live_sales"}


@dataclass(frozen=True)
class Finding:
    message: str
    line: int | None = None


@dataclass(frozen=True)
class Decorated:
    """A function and the Streamlit decorator on it (``cache_data``, ``fragment`` …)."""

    function: ast.FunctionDef
    kind: str
    options: dict[str, ast.expr]
    line: int

    @property
    def name(self) -> str:
        return self.function.name


def _decorator_kind(node: ast.expr) -> tuple[str | None, dict[str, ast.expr]]:
    target = node.func if isinstance(node, ast.Call) else node
    options = {k.arg: k.value for k in node.keywords if k.arg} if isinstance(node, ast.Call) else {}
    if isinstance(target, ast.Attribute):
        return target.attr, options
    if isinstance(target, ast.Name):
        return target.id, options
    return None, options


def decorated(tree: ast.Module) -> Iterator[Decorated]:
    """Every function with a decorator, one entry per decorator."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                kind, options = _decorator_kind(dec)
                if kind:
                    yield Decorated(node, kind, options, dec.lineno)


def cached_functions(tree: ast.Module) -> list[Decorated]:
    return [d for d in decorated(tree) if d.kind in CACHE_KINDS]


def work_names(function: ast.AST) -> set[str]:
    """Names of the course services a function calls (``speedlit.read_sales()``,
    ``model.forecast(...)``), and of work it marks with ``speedlit.slow("name", …)``."""
    from checkers.services import CATALOGUE

    names = set()
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        called = _called_name(node)
        if called == "slow" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
        elif called in CATALOGUE:
            names.add(called)
    return names


def functions_doing(tree: ast.AST, work: str) -> set[str]:
    """Names of the functions that call the service ``work`` (or mark it)."""
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
            and work in work_names(n)}


def touches_state(node: ast.AST) -> bool:
    """Whether ``node`` mentions ``st.session_state``."""
    return any(isinstance(n, ast.Attribute) and n.attr == "session_state" or
               isinstance(n, ast.Name) and n.id == "session_state" for n in ast.walk(node))


def top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run on every rerun: the module body and plain ``with`` blocks in it."""
    for node in body:
        yield node
        if isinstance(node, ast.With):
            yield from top_level(node.body)


def resets_state(message: str) -> Callable[[Any], Finding | None]:
    """Rule: a top-level statement assigns a constant to session state on every rerun
    (initialisation without the ``if key not in st.session_state`` guard)."""

    def rule(ctx) -> Finding | None:
        for node in top_level(ctx.tree.body):
            if isinstance(node, ast.Assign) and any(touches_state(t) for t in node.targets) \
                    and _fixed_value(node.value):
                return Finding(message, node.lineno)
        return None

    return rule


def _fixed_value(value: ast.expr) -> bool:
    """A value that is the same on every run: a constant, an empty (or constant) container,
    ``dict()``/``list()``/``set()``."""
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return all(_fixed_value(e) for e in value.elts)
    if isinstance(value, ast.Dict):
        return all(k is not None and _fixed_value(k) and _fixed_value(v)
                   for k, v in zip(value.keys, value.values))
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
        value.func.id in ("dict", "list", "set", "tuple") and not value.args and \
        not value.keywords


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def returns_frame(function: ast.FunctionDef) -> bool:
    """Whether the function returns a pandas DataFrame, judged from how the value is made."""
    made: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and _makes_frame(node.value, made):
            made.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return any(isinstance(n, ast.Return) and n.value is not None and _makes_frame(n.value, made)
               for n in ast.walk(function))


def _makes_frame(value: ast.expr, made: set[str]) -> bool:
    if isinstance(value, ast.Name):
        return value.id in made
    if isinstance(value, ast.Call):
        if _called_name(value) in FRAME_MAKERS:
            return True
        if isinstance(value.func, ast.Attribute):
            return _makes_frame(value.func.value, made)
    if isinstance(value, (ast.Subscript, ast.Attribute)):
        return _makes_frame(value.value, made)
    return False


def _doing(work: str | None) -> Callable[[Decorated], bool]:
    return lambda d: work is None or work in work_names(d.function)


def decorated_with(kind: str, *, work: str | None = None, returning_frame: bool = False,
                   message: str | None = None) -> Callable[[Any], Finding | None]:
    """Rule: some function (doing ``work``) carries ``@st.<kind>`` (and returns a DataFrame)."""

    def rule(ctx) -> Finding | None:
        for item in decorated(ctx.tree):
            if item.kind == kind and _doing(work)(item):
                if returning_frame and not returns_frame(item.function):
                    continue
                text = message or f"`{item.name}` is decorated with `@st.{kind}`."
                return Finding(text, item.line)
        return None

    return rule


def not_cached(work: str, *, message: str | None = None) -> Callable[[Any], Finding | None]:
    """Rule: the function that does ``work`` has no cache decorator."""

    def rule(ctx) -> Finding | None:
        for node in ast.walk(ctx.tree):
            if isinstance(node, ast.FunctionDef) and work in work_names(node):
                kinds = {_decorator_kind(d)[0] for d in node.decorator_list}
                if not kinds & set(CACHE_KINDS):
                    return Finding(message or f"`{node.name}` does `{work}` and is not cached.",
                                   node.lineno)
        return None

    return rule


def missing_cache_option(option: str, *, work: str | None = None,
                         message: str | None = None) -> Callable[[Any], Finding | None]:
    """Rule: the cached function (doing ``work``) does not set ``option`` (e.g. ``ttl``)."""

    def rule(ctx) -> Finding | None:
        found = [d for d in cached_functions(ctx.tree) if _doing(work)(d)]
        if not found:
            what = f"the function that does `{work}`" if work else "any function"
            return Finding(message or f"No cache decorator on {what}, so `{option}` cannot be set.")
        for item in found:
            if option not in item.options:
                return Finding(message or f"`@st.{item.kind}` on `{item.name}` does not set "
                               f"`{option}=`.", item.line)
        return None

    return rule


def option_value(item: Decorated, option: str) -> Any:
    """The literal value of a decorator option, or None when it is not a plain literal."""
    try:
        return ast.literal_eval(item.options[option])
    except (KeyError, ValueError, SyntaxError, TypeError):
        return None


def call_outside(call: str, decorator: str, *, message: str | None = None
                 ) -> Callable[[Any], Finding | None]:
    """Rule: ``st.<call>(…)`` appears outside every function decorated with ``@st.<decorator>``
    (e.g. a widget that should live inside a fragment)."""

    def rule(ctx) -> Finding | None:
        inside = {id(n) for d in decorated(ctx.tree) if d.kind == decorator
                  for n in ast.walk(d.function)}
        for node in ast.walk(ctx.tree):
            if isinstance(node, ast.Call) and _called_name(node) == call and id(node) not in inside:
                return Finding(message or f"`st.{call}` is outside every `@st.{decorator}` "
                               "function.", node.lineno)
        return None

    return rule


def lacks_decorator(kind: str, *, message: str | None = None) -> Callable[[Any], Finding | None]:
    """Rule: no function in the file carries ``@st.<kind>``."""

    def rule(ctx) -> Finding | None:
        if any(d.kind == kind for d in decorated(ctx.tree)):
            return None
        return Finding(message or f"No function is decorated with `@st.{kind}`.")

    return rule


def all_of(*rules: Callable[[Any], Finding | None]) -> Callable[[Any], Finding | None]:
    """Rule: every rule finds something; the last finding with a line (list rules from general
    to specific) is reported."""

    def rule(ctx) -> Finding | None:
        found = [r(ctx) for r in rules]
        if not all(found):
            return None
        return next((f for f in reversed(found) if f.line), found[-1])

    return rule


def raised(error_type: str, *, message: str | None = None) -> Callable[[Any], Finding | None]:
    """Rule: the app raised ``error_type`` (e.g. ``UnhashableParamError``) in some step; the
    finding points at the learner's line that raised it. Lets a mistake explain a crash."""

    def rule(ctx) -> Finding | None:
        for step in ctx.observed.get("steps", []):
            for error in step.get("exceptions", []):
                if str(error.get("type", "")).rsplit(".", 1)[-1] == error_type:
                    return Finding(message or error.get("message", error_type), error.get("line"))
        return None

    return rule
