"""Which functions an app caches, and how: the app's own account checked against its source.

Under grading the app side reports, at each service call, the Streamlit-cached functions
computing around it (``internals.cached_frames``: kind, ttl, max_entries, scope as Streamlit
holds them). That account comes from untrusted code, so a verdict that rests on the cache
*kind* also needs the source to say so: the function must be wrapped with that kind in the
file, in any of the forms learners write —

    @st.cache_data                      @st.cache_data(ttl=120)
    @cache_data  (from streamlit import cache_data)        @cd  (cd = st.cache_data)
    load = st.cache_data(load)          load = st.cache_data(ttl=120)(load)
    load = st.cache_data(raw, ttl=120)  hourly = st.cache_data(ttl=3600); @hourly
    load = st.cache_data(lambda: speedlit.read_sales())

Options with values (ttl, max_entries) are taken from the running app, never from the
source: behaviour (moving the clock, filling the cache) decides their effect.
"""
from __future__ import annotations

import ast
import threading
from collections import OrderedDict
from dataclasses import dataclass

KINDS = ("cache_data", "cache_resource")


@dataclass(frozen=True)
class Wrapping:
    """A function the source wraps with a cache decorator: where, and the wrapped def."""

    function: str  # the def's name (what Streamlit reports as the function)
    kind: str
    line: int  # the line of the decorator or of the call that wraps it
    first_line: int | None  # where the def starts (its first decorator when decorated);
    def_line: int | None  # None: a function defined in another module (``speedlit``)


def _streamlit_names(tree: ast.Module) -> tuple[set[str], dict[str, str]]:
    """Names bound to the ``streamlit`` module, and names bound to its cache decorators."""
    modules, kinds = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "streamlit":
                    modules.add(alias.asname or "streamlit")
        elif isinstance(node, ast.ImportFrom) and node.module == "streamlit":
            for alias in node.names:
                if alias.name in KINDS:
                    kinds[alias.asname or alias.name] = alias.name
    return modules, kinds


class _Resolver:
    def __init__(self, tree: ast.Module) -> None:
        self.modules, self.kinds = _streamlit_names(tree)
        self.factories: dict[str, str] = {}  # name = st.cache_data(ttl=...) -> kind
        for _ in range(2):  # aliases of aliases
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                        isinstance(node.targets[0], ast.Name):
                    name, value = node.targets[0].id, node.value
                    kind = self.kind_of(value)
                    if kind and not self._wraps_function(value):
                        (self.kinds if not isinstance(value, ast.Call) else
                         self.factories)[name] = kind

    def kind_of(self, expr: ast.expr) -> str | None:
        """The cache kind ``expr`` is (a decorator), or makes when called (a factory)."""
        if isinstance(expr, ast.Attribute) and expr.attr in KINDS and \
                isinstance(expr.value, ast.Name) and expr.value.id in self.modules:
            return expr.attr
        if isinstance(expr, ast.Name):
            return self.kinds.get(expr.id) or self.factories.get(expr.id)
        if isinstance(expr, ast.Call):
            return self.kind_of(expr.func)
        return None

    @staticmethod
    def _wraps_function(call: ast.expr) -> bool:
        return isinstance(call, ast.Call) and bool(call.args)


def wrappings(tree: ast.Module) -> list[Wrapping]:
    """Every function the source wraps with ``st.cache_data`` or ``st.cache_resource``."""
    resolver = _Resolver(tree)
    defs = {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef,
                                                                  ast.AsyncFunctionDef))}
    found = []
    for node in defs.values():
        first = min([d.lineno for d in node.decorator_list] + [node.lineno])
        for decorator in node.decorator_list:
            kind = resolver.kind_of(decorator)
            if kind:
                found.append(Wrapping(node.name, kind, decorator.lineno, first, node.lineno))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        kind, target = None, None
        if node.args and isinstance(node.args[0], ast.Name):  # st.cache_data(load, ttl=..)
            kind, target = resolver.kind_of(node.func), node.args[0].id
        if kind is None and isinstance(node.func, ast.Call) and node.args and \
                isinstance(node.args[0], ast.Name):  # st.cache_data(ttl=..)(load)
            kind, target = resolver.kind_of(node.func), node.args[0].id
        if node.args and isinstance(node.args[0], ast.Lambda) and (
                resolver.kind_of(node.func)):  # st.cache_data(lambda: ...), or (ttl=..)(…)
            body = node.args[0]
            found.append(Wrapping("<lambda>", resolver.kind_of(node.func), node.lineno,
                                  body.lineno, body.lineno))
            continue
        if kind and target in defs:
            wrapped = defs[target]
            first = min([d.lineno for d in wrapped.decorator_list] + [wrapped.lineno])
            found.append(Wrapping(target, kind, node.lineno, first, wrapped.lineno))
        elif node.args and isinstance(node.args[0], (ast.Attribute, ast.Name)) and \
                (kind or resolver.kind_of(node.func)):
            # a function defined elsewhere: st.cache_resource(speedlit.train_model)
            name = node.args[0].attr if isinstance(node.args[0], ast.Attribute) else \
                node.args[0].id
            if name not in defs:
                found.append(Wrapping(name, kind or resolver.kind_of(node.func), node.lineno,
                                      None, None))
    return found


_read: OrderedDict[int, tuple[ast.Module, list[Wrapping]]] = OrderedDict()
_read_lock = threading.Lock()


def _wrappings_of(tree: ast.Module) -> list[Wrapping]:
    """``wrappings(tree)``, read once per tree (a grading asks for every call it judges)."""
    with _read_lock:
        found = _read.get(id(tree))
        if found is not None and found[0] is tree:
            return found[1]
    made = wrappings(tree)
    with _read_lock:
        _read[id(tree)] = (tree, made)
        while len(_read) > 16:
            _read.popitem(last=False)
    return made


def confirmed(reported: dict, tree: ast.Module | None) -> bool:
    """Whether the source wraps the reported function with the reported kind."""
    if tree is None or not isinstance(reported, dict):
        return False
    for wrap in _wrappings_of(tree):
        if wrap.function != str(reported.get("function", "")).rsplit(".", 1)[-1] or \
                wrap.kind != reported.get("kind"):
            continue
        if wrap.def_line is None or \
                wrap.first_line <= (reported.get("line") or -1) <= wrap.def_line:
            return True
    return False
