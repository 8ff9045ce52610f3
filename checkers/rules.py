"""Mistake rules: how a named mistake is recognised in a failing app, and where it is.

A rule is a function ``rule(ctx) -> Finding | None`` that an exercise's ``MISTAKES`` give as a
``Mistake``'s ``when=``. Rules only *explain* a check that behaviour already failed; they
never decide a verdict. Each rests, where it can, on what the judge observed (how often a
service ran, in which step and browser tab, what reran, what the page showed) and points,
where it helps, at the learner's line. All syntax-tree code of the course lives here (and in
``checkers.static`` / ``checkers.caching``), read once per submitted tree.

Four kinds, combined freely:

* **behaviour** — ``never_ran``, ``ran_fewer``, ``missed``, ``ran_on``, ``ran_every_step``,
  ``ran_only_at_start``, ``ran_per_session``, ``never_cached``, ``ignored_widget``,
  ``reran``, ``could_not``, ``crashed_without``, ``ran_while_closed``,
  ``one_step_behind``, ``did_not_run``; the page: ``reordered``, ``outside``, ``inside``,
  ``fewer_of``, ``on_page``, ``stale``; while waiting: ``showed_while``;
* **caches as the running app held them** (confirmed by the source) — ``not_cached``,
  ``partly_cached``, ``cached_kind``, ``cached_elsewhere``, ``cache_option``,
  ``cache_keyed_by``, ``cached_by_python``, ``kept_per_session``;
* **code pointers** — ``line_of_call``, ``line_of_widget``, ``line_of_text``,
  ``keyword_is``, ``digit_string``, ``assigned_every_run``, ``stored_in_session``,
  ``state_assignment``, ``cache_wrapping``, ``declares_global``, ``unkeyed_parameters``,
  ``hashes_type``, ``fragment_doing``, ``fragment_never_called``, ``fragment_without``,
  ``reruns_inside_fragment``, ``has_fragment``, ``tests_truth_of``, ``reads_attribute``,
  ``unguarded_call``, ``button_branch``, ``rerun_in_callback``, ``code_after_rerun``,
  ``callback_reads_script``, ``init_guard``, ``compared_never_stored``,
  ``compared_other_sequence``, ``compares``, ``argument_missing``, ``mutates``,
  ``state_aliases``, ``placeholder_chained``, ``placeholder_written_once``,
  ``placeholder_outside_loop``, ``index_from_zero``, ``status_left_running``,
  ``opens_on_other_choice``, ``submit_guards``, ``line_of_caller``;
* **combinators** — ``all_of`` (every rule finds; the last finding with a line is said),
  ``any_of``, ``unless``, ``located`` (one rule's finding at another's line), ``holds``
  (a condition an exercise reads itself, as a rule).

A behaviour rule that finds something without a line returns ``Finding("")`` (or names what
it found, e.g. a widget: ``“Measure”``); ``{found}`` in a mistake's message is replaced by
the finding's message. Code pointers return ``None`` when the source has no such line.

Observation helpers (plain data, for the few checks and rules an exercise keeps for itself):
``steps_where``, ``runs_of``, ``first_wrong_step``, ``previous_in_tab``, ``page_text``,
``in_container``, ``count_of``, ``confirmed_caches``, ``doers``, ``outermost``,
``remove_kinds``, ``at_calls``.
"""
from __future__ import annotations

import ast
import re
import threading
from collections import OrderedDict
from typing import Any, Callable, Iterable

from checkers import caching, display
from checkers.static import Finding, all_of, functions_doing, touches_state, top_level

Rule = Callable[[Any], "Finding | None"]

__all__ = [
    # combinators
    "any_of", "unless", "located",
    # observation helpers
    "steps_where", "runs_of", "first_wrong_step", "previous_in_tab", "page_text",
    "in_container", "count_of", "confirmed_caches", "doers", "fragment_functions",
    # behaviour
    "never_ran", "ran_fewer", "missed", "ran_on", "ran_every_step", "ran_only_at_start",
    "ran_per_session", "ran_again_cached", "never_cached", "ignored_widget", "reran", "could_not",
    "crashed_without", "ran_while_closed", "one_step_behind", "reordered", "outside",
    "fewer_of",
    # caches
    "not_cached", "partly_cached", "cached_kind", "cached_elsewhere", "cache_option",
    "say_option", "cache_keyed_by", "cached_by_python", "kept_per_session",
    "stored_in_session",
    # code pointers
    "line_of_call", "line_of_widget", "line_of_text", "keyword_is", "digit_string",
    "assigned_every_run", "state_assignment", "cache_wrapping", "declares_global",
    "unkeyed_parameters", "hashes_type", "fragment_doing", "fragment_never_called",
    "fragment_without", "reruns_inside_fragment", "has_fragment", "tests_truth_of",
    "reads_attribute", "unguarded_call", "button_branch", "rerun_in_callback",
    "code_after_rerun", "callback_reads_script", "init_guard", "compared_never_stored",
    "compared_other_sequence", "compares", "argument_missing", "mutates", "state_aliases",
    "mentions_state", "reads_script",
    "placeholder_chained", "placeholder_written_once", "placeholder_outside_loop",
    "index_from_zero", "status_left_running", "opens_on_other_choice", "submit_guards",
]


# ================================================================ the tree, read once
class _Index:
    """One submitted tree, walked once: its nodes in ``ast.walk`` order, each node's parent,
    its calls and functions; derived answers are memoised in ``memo``."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.nodes = list(ast.walk(tree))
        self.parent: dict[int, ast.AST] = {}
        for node in self.nodes:
            for child in ast.iter_child_nodes(node):
                self.parent[id(child)] = node
        self.calls = [n for n in self.nodes if isinstance(n, ast.Call)]
        self.functions = [n for n in self.nodes
                          if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        self.memo: dict[Any, Any] = {}

    def remember(self, key, make: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def ancestors(self, node: ast.AST) -> Iterable[ast.AST]:
        while id(node) in self.parent:
            node = self.parent[id(node)]
            yield node

    def inside(self, node: ast.AST, holders: Iterable[ast.AST]) -> bool:
        ids = {id(h) for h in holders}
        return any(id(a) in ids for a in self.ancestors(node))


_read: OrderedDict[int, _Index] = OrderedDict()
_read_lock = threading.Lock()


def _index(tree: ast.Module) -> _Index:
    """The tree's index, made once per tree (a grading asks every rule of every failing
    check about the same tree)."""
    with _read_lock:
        found = _read.get(id(tree))
        if found is not None and found.tree is tree:
            return found
    made = _Index(tree)
    with _read_lock:
        _read[id(tree)] = made
        while len(_read) > 16:
            _read.popitem(last=False)
    return made


def _tree(ctx) -> _Index | None:
    tree = getattr(ctx, "tree", None)
    return _index(tree) if tree is not None else None


def called(call: ast.Call) -> str | None:
    """The name a call calls: ``f`` of ``f(…)`` and of ``x.f(…)``."""
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _matches(call: ast.Call, names: Iterable[str]) -> bool:
    """``f`` matches ``f(…)`` and ``x.f(…)``; ``m.f`` matches ``m.f(…)`` and ``f(…)`` (as
    ``from m import f`` would make it)."""
    name = called(call)
    for wanted in names:
        if "." not in wanted:
            if name == wanted:
                return True
            continue
        module, _, function = wanted.rpartition(".")
        if isinstance(call.func, ast.Name) and call.func.id == function:
            return True
        if isinstance(call.func, ast.Attribute) and call.func.attr == function and \
                isinstance(call.func.value, ast.Name) and call.func.value.id == module:
            return True
    return False


def _literal(node: ast.AST | None, default: Any = None) -> Any:
    try:
        return ast.literal_eval(node) if node is not None else default
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return default


def _label(call: ast.Call) -> Any:
    """A widget call's label: its first argument or ``label=``, when a literal string."""
    first = call.args[0] if call.args else next(
        (k.value for k in call.keywords if k.arg == "label"), None)
    return first.value if isinstance(first, ast.Constant) else None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _parameters(function: ast.FunctionDef) -> list[str]:
    args = function.args
    return [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]


def _state_root(node: ast.AST) -> bool:
    """``st.session_state``, ``st.session_state.x``, ``st.session_state["x"]`` …"""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Attribute) and node.attr == "session_state":
            return True
        node = node.value
    return isinstance(node, ast.Name) and node.id == "session_state"


def doers(tree: ast.Module, work: str, *, through: bool = False) -> set[str]:
    """The service ``work`` and the names of the app's functions that call it (``through``:
    also those that call such a function, and so on)."""
    index = _index(tree)

    def make() -> set[str]:
        names = {work} | functions_doing(tree, work)
        while through:
            more = {f.name for f in index.functions
                    if any(isinstance(c, ast.Call) and called(c) in names
                           for c in ast.walk(f))} - names
            if not more:
                break
            names |= more
        return names

    return set(index.remember(("doers", work, through), make))


def _wrapped(tree: ast.Module) -> list[caching.Wrapping]:
    return _index(tree).remember("wrappings", lambda: caching._wrappings_of(tree))


# ================================================================ combinators
def any_of(*rules: Rule) -> Rule:
    """Rule: the first of ``rules`` that finds something."""

    def rule(ctx) -> Finding | None:
        for one in rules:
            found = one(ctx)
            if found:
                return found
        return None

    return rule


def unless(other: Rule) -> Rule:
    """Rule: ``other`` finds nothing (e.g. "no fragment in the code")."""
    return lambda ctx: None if other(ctx) else Finding("")


def located(rule: Rule, at: Rule, *, needed: bool = True) -> Rule:
    """Rule: ``rule``'s finding (its message), at the line ``at`` finds. ``needed``: only
    when ``at`` finds a line; otherwise ``rule``'s own line stands."""

    def combined(ctx) -> Finding | None:
        found = rule(ctx)
        if not found:
            return None
        where = at(ctx)
        if where and where.line:
            return Finding(found.message, where.line)
        return None if needed else found

    return combined


# ================================================================ observations
def runs_of(step: dict) -> str:
    """What a step reran: ``"script"`` (only the whole script), ``"fragment"`` (a fragment
    alone), ``"both"``, or ``"none"``."""
    script, fragment = step["runs"].get("script"), step["runs"].get("fragment")
    return "both" if script and fragment else "script" if script else \
        "fragment" if fragment else "none"


def _runs_fit(step: dict, runs: str | None) -> bool:
    """``runs``: None (anything), a kind of ``runs_of``, ``"script+"`` (the whole script
    reran, a fragment too or not) or ``"fragment+"`` (a fragment reran, the script too or
    not)."""
    if runs is None:
        return True
    if runs == "script+":
        return bool(step["runs"].get("script"))
    if runs == "fragment+":
        return bool(step["runs"].get("fragment"))
    return runs_of(step) == runs


def _widget_fits(step: dict, widget, other_than) -> bool:
    used = step["step"].get("widget")
    if widget is not None:
        wanted = (widget,) if isinstance(widget, str) else tuple(widget)
        if used not in wanted:
            return False
    return not (other_than and used in other_than)


def steps_where(ctx, *, do: str | None = None, widget=None, other_than=(),
                runs: str | None = None, reference: bool = False,
                done: bool | None = None) -> list[dict]:
    """The steps of the app's run (or the reference's) of kind ``do`` ("set", "click",
    "tick" …), that used ``widget`` (a label, or several) and none of ``other_than``, and
    reran ``runs`` (see ``runs_of``); ``done``: True, only steps the grader could do; False,
    only those it could not."""
    out = []
    for step in (ctx.ref_steps if reference else ctx.steps):
        if do is not None and step["step"].get("do") != do:
            continue
        if not _widget_fits(step, widget, other_than) or not _runs_fit(step, runs):
            continue
        if done is not None and bool(step.get("problem")) == done:
            continue
        out.append(step)
    return out


def _n(step: dict, work: str) -> int:
    return int(step["calls"].get(work, 0))


def first_wrong_step(ctx, read: Callable[[dict], Any], *, do: str | None = None
                     ) -> int | None:
    """The index of the first step (of kind ``do``) after which ``read`` of the app's page
    differs from ``read`` of the reference's."""
    for index, (mine, ref) in enumerate(zip(ctx.steps, ctx.ref_steps)):
        if do is not None and mine["step"].get("do") != do:
            continue
        if read(mine) != read(ref):
            return index
    return None


def previous_in_tab(steps: list[dict], index: int) -> dict | None:
    """The step before ``steps[index]`` in the same browser tab."""
    for step in reversed(steps[:index]):
        if step["session"] == steps[index]["session"]:
            return step
    return None


def page_text(step: dict, pattern: str | re.Pattern, *, kinds: tuple[str, ...] = ()
              ) -> re.Match | None:
    """The first match of ``pattern`` in the value or label of an element on the page after
    ``step`` (of one of ``kinds``, when given), top to bottom."""
    pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
    for item in display.flatten(step["display"]):
        if kinds and item.get("type") not in kinds:
            continue
        for text in (item.get("value"), item.get("label")):
            found = pattern.search(text) if isinstance(text, str) else None
            if found:
                return found
    return None


def in_container(view: list[dict], label: str, kind: str, _inside: bool = False
                 ) -> bool | None:
    """Whether the element labelled ``label`` stands in a container of ``kind`` ("form",
    "tab", "column" …) on a page; None when it is not on the page."""
    for item in view:
        if "children" in item:
            found = in_container(item["children"], label, kind,
                                 _inside or item.get("type") == kind)
            if found is not None:
                return found
        elif item.get("label") == label:
            return _inside
    return None


def count_of(view: list[dict], kind: str, *, outside: str | None = None,
             _inside: bool = False) -> int:
    """How many elements (or containers) of ``kind`` a page holds (``outside``: not within
    a container of that kind)."""
    total = 0
    for item in view:
        within = _inside or (outside is not None and item.get("type") == outside)
        if item.get("type") == kind and not within:
            total += 1
        if "children" in item:
            total += count_of(item["children"], kind, outside=outside, _inside=within)
    return total


def confirmed_caches(ctx, work: str) -> list[tuple[dict, list[dict]]]:
    """For every call of ``work``: (step, the Streamlit caches computing around it that the
    source confirms, innermost last)."""
    tree = ctx.tree
    return [(step, [c for c in detail.get("cached", []) if caching.confirmed(c, tree)])
            for step, detail in ctx.details(work)]


# ================================================================ behaviour
def never_ran(work: str) -> Rule:
    """Rule (behaviour): the service ``work`` never ran, where the reference's run needed it
    — the app shows something it made up, or deleted the work."""
    return lambda ctx: Finding("") if not ctx.total_calls(work) and \
        ctx.total_calls(work, reference=True) else None


def ran_fewer(work: str) -> Rule:
    """Rule (behaviour): ``work`` ran fewer times in all than in the reference's run (some
    step reused an answer that was not its own)."""
    return lambda ctx: Finding("") if \
        ctx.total_calls(work) < ctx.total_calls(work, reference=True) else None


def missed(work: str, *, do: str | None = None) -> Rule:
    """Rule (behaviour): in some step (of kind ``do``, e.g. ``"start"``: when the app
    opened) the reference ran ``work`` and the app did not."""

    def rule(ctx) -> Finding | None:
        for step, ref in zip(ctx.steps, ctx.ref_steps):
            if do is not None and step["step"].get("do") != do:
                continue
            if _n(ref, work) and not _n(step, work):
                return Finding("")
        return None

    return rule


def _say(template: str, step: dict) -> str:
    return template.format(widget=step["step"].get("widget", ""), said=step["said"])


def ran_on(work: str, *, do: str | None = None, widget=None, other_than=(),
           runs: str | None = None, more_than: int = 0, at_most: int | None = None,
           unchanged: str | None = None, found: str = "") -> Rule:
    """Rule (behaviour): in some step of kind ``do`` / on ``widget`` (see ``steps_where``;
    ``runs="fragment"``: one where only a fragment reran) ``work`` ran more than
    ``more_than`` times (``at_most=0``: did not run). ``unchanged``: only steps after which
    that widget shows what it showed before, in that tab. ``found`` says the step:
    ``"“{widget}”"`` names the widget it used, ``{said}`` what the grader did."""

    def rule(ctx) -> Finding | None:
        before: dict[int, Any] = {}
        for step in ctx.steps:
            value = display.widget_value(step, unchanged) if unchanged else None
            fits = (do is None or step["step"].get("do") == do) and \
                _widget_fits(step, widget, other_than) and _runs_fit(step, runs) and \
                (unchanged is None or before.get(step["session"]) == value)
            before[step["session"]] = value
            n = _n(step, work)
            if fits and n > more_than and (at_most is None or n <= at_most):
                return Finding(_say(found, step))
        return None

    return rule


def ran_every_step(work: str) -> Rule:
    """Rule (behaviour): ``work`` ran in every step, a plain rerun included."""
    return lambda ctx: Finding("") if all(_n(s, work) for s in ctx.steps) else None


def ran_only_at_start(work: str) -> Rule:
    """Rule (behaviour): ``work`` ran once in all, when the app opened, and never again
    (whatever changed after)."""
    return lambda ctx: Finding("") if ctx.total_calls(work) == 1 and \
        _n(ctx.steps[0], work) == 1 else None


def ran_per_session(work: str, *, per: str | None = None) -> Rule:
    """Rule (behaviour): ``work`` ran once in each browser tab (two tabs at least): reruns
    reuse what it made, but each visitor pays again — it is kept per visitor. ``per``: the
    label of the widget that says for what it ran; then it ran once per value in each tab,
    and a later tab ran a value another tab had already run."""

    def rule(ctx) -> Finding | None:
        if per is None:
            counts: dict[int, int] = {}
            for _, detail in ctx.details(work):
                session = detail.get("session", 0)
                counts[session] = counts.get(session, 0) + 1
            return Finding("") if len(counts) > 1 and set(counts.values()) == {1} else None
        seen: dict[int, set] = {}
        again = False
        for step in ctx.steps:
            if not _n(step, work):
                continue
            value = display.key(display.widget_value(step, per))
            mine = seen.setdefault(step["session"], set())
            if value in mine or _n(step, work) > 1:
                return None
            again |= any(value in other for other in seen.values())
            mine.add(value)
        return Finding("") if again else None

    return rule


def ran_again_cached(work: str) -> Rule:
    """Rule (behaviour): ``work`` ran more than once, and every time inside a Streamlit cache
    (confirmed by the source): the cache did not keep what it made (a new key, a cleared
    cache, an expired entry)."""

    def rule(ctx) -> Finding | None:
        caches = [c for _, c in confirmed_caches(ctx, work)]
        return Finding("") if len(caches) > 1 and all(caches) else None

    return rule


def never_cached(work: str) -> Rule:
    """Rule (behaviour): no call of ``work`` ran inside a Streamlit cache (as the running app
    held it, confirmed by the source)."""
    return lambda ctx: None if any(caches for _, caches in confirmed_caches(ctx, work)) \
        else Finding("")


def ignored_widget(work: str, widgets: tuple[str, ...]) -> Rule:
    """Rule (behaviour): changing one of ``widgets`` (the inputs ``work`` reads) never ran
    it, while changing another did: the answer is keyed by less than it reads. Names the
    widget (“Measure”)."""

    def rule(ctx) -> Finding | None:
        ran: dict[str, bool] = {}
        for step in steps_where(ctx, do="set", widget=widgets):
            name = step["step"]["widget"]
            ran[name] = ran.get(name, False) or bool(_n(step, work))
        ignored = [w for w, did in ran.items() if not did]
        return Finding(f"“{ignored[0]}”") if ignored and any(ran.values()) else None

    return rule


def reran(runs: str = "script+", *, do: str | None = None, widget=None,
          more_than: int = 0, more_often_than: float | None = None,
          done: bool | None = True, found: str = "") -> Rule:
    """Rule (behaviour): some step of kind ``do`` / on ``widget`` reran ``runs`` (see
    ``steps_where``; ``"none"``: nothing reran) — more than ``more_than`` times, or, in a
    wait, a fragment more often than once per ``more_often_than`` seconds. Only steps the
    grader could do count, unless ``done`` says otherwise."""

    def rule(ctx) -> Finding | None:
        for step in steps_where(ctx, do=do, widget=widget, runs=runs, done=done):
            script, fragment = (int(step["runs"].get(k, 0)) for k in ("script", "fragment"))
            counted = script if runs in ("script", "script+") else \
                fragment if runs == "fragment" else script + fragment
            if runs != "none" and counted <= more_than:
                continue
            if more_often_than is not None and not \
                    int(step["runs"].get("fragment", 0)) > step["step"].get("seconds", 0) \
                    // more_often_than:
                continue
            return Finding(_say(found, step))
        return None

    return rule


def could_not(*, do: str | None = None, widget=None) -> Rule:
    """Rule (behaviour): the grader could not do some step (of kind ``do`` / on ``widget``):
    the widget or tab it looks for, by label, is not on the page."""
    return lambda ctx: Finding("") if steps_where(ctx, do=do, widget=widget, done=False) \
        else None


def crashed_without(work: str) -> Rule:
    """Rule (behaviour, for a crash): the step the app failed in did not run ``work`` — it
    reused what an earlier run made."""

    def rule(ctx) -> Finding | None:
        crashed = ctx.steps[-1] if ctx.steps else None
        return Finding("") if crashed and crashed.get("exceptions") and \
            not _n(crashed, work) else None

    return rule


def _tabs_open(ctx) -> list:
    from checkers.spec import open_tabs  # the page vocabulary's own reading

    return open_tabs(ctx.steps)


def ran_while_closed(work: str, tab: str, *, before_opening: bool | None = None) -> Rule:
    """Rule (behaviour): ``work`` ran in a step after which another tab than ``tab`` was
    open. ``before_opening``: True, the first such step came before ``tab`` was ever
    opened (it runs whatever is looked at); False, after (it went on once left)."""

    def rule(ctx) -> Finding | None:
        opened = _tabs_open(ctx)
        for index, (step, now) in enumerate(zip(ctx.steps, opened)):
            if _n(step, work) and now != tab:
                if before_opening is None:
                    return Finding("")
                never = tab not in opened[:index + 1]
                return Finding("") if never == before_opening else None
        return None

    return rule


def one_step_behind(read: Callable[[dict], Any], *, do: str = "click",
                    every: bool = False) -> Rule:
    """Rule (behaviour): after the first step of kind ``do`` whose page (as ``read`` reads
    it) is not the reference's, the page shows what the reference showed one step earlier in
    that tab: the change happened after the page was drawn. ``every``: every step whose page
    differs is such a step."""

    def rule(ctx) -> Finding | None:
        if not every:
            index = first_wrong_step(ctx, read, do=do)
            if index is None or index == 0:
                return None
            before = previous_in_tab(ctx.ref_steps, index)
            return Finding("") if before is not None and \
                read(ctx.steps[index]) == read(before) else None
        behind = False
        for index, (mine, ref) in enumerate(zip(ctx.steps, ctx.ref_steps)):
            if read(mine) == read(ref):
                continue
            before = previous_in_tab(ctx.ref_steps, index)
            if mine["step"].get("do") != do or before is None or read(mine) != read(before):
                return None
            behind = True
        return Finding("") if behind else None

    return rule


def _kinds(step: dict) -> list[tuple[str, str]]:
    return [(i["type"], str(i.get("label", "")))
            for i in display.leaves(display.seen(step["display"]))]


def reordered() -> Rule:
    """Rule (the page): after some step the page shows the same elements (by kind and label)
    as the reference's, in another order."""

    def rule(ctx) -> Finding | None:
        for mine, ref in zip(ctx.steps, ctx.ref_steps):
            got, want = _kinds(mine), _kinds(ref)
            if got != want and sorted(got) == sorted(want):
                return Finding("")
        return None

    return rule


def outside(container: str, *, kind: str) -> Rule:
    """Rule (the page): after some step more elements of ``kind`` stand outside every
    container of ``container`` kind ("tab", "form" …) than on the reference's page."""

    def rule(ctx) -> Finding | None:
        for mine, ref in zip(ctx.steps, ctx.ref_steps):
            if count_of(mine["display"], kind, outside=container) > \
                    count_of(ref["display"], kind, outside=container):
                return Finding("")
        return None

    return rule


def fewer_of(kind: str, *, step: int = -1) -> Rule:
    """Rule (the page): after step ``step`` (the last by default) the page holds fewer
    elements of ``kind`` than the reference's."""

    def rule(ctx) -> Finding | None:
        mine, ref = ctx.steps[step]["display"], ctx.ref_steps[step]["display"]
        return Finding("") if sum(i.get("type") == kind for i in display.flatten(mine)) < \
            sum(i.get("type") == kind for i in display.flatten(ref)) else None

    return rule


# ================================================================ caches (as the app held them)
def _doing_line(ctx, work: str) -> int | None:
    index = _tree(ctx)
    if index is None:
        return None
    doing = functions_doing(index.tree, work)
    return next((f.lineno for f in index.functions if f.name in doing), None)


def not_cached(work: str, *, message: str | None = None) -> Rule:
    """Rule: some call of ``work`` ran with no (confirmed) Streamlit cache around it; points
    at the function that does it."""

    def rule(ctx) -> Finding | None:
        for step, caches in confirmed_caches(ctx, work):
            if not caches:
                return Finding(message or f"`{work}` runs outside any cache.",
                               _doing_line(ctx, work))
        return None

    return rule


def partly_cached(work: str, *, message: str | None = None) -> Rule:
    """Rule: some calls of ``work`` ran inside a (confirmed) Streamlit cache and others
    outside any: a cache on a function that calls the work helps only that caller."""

    def rule(ctx) -> Finding | None:
        found = confirmed_caches(ctx, work)
        inside = [caches[0] for _, caches in found if caches]
        if inside and any(not caches for _, caches in found):
            return Finding(message or f"only `{inside[0]['function']}` is cached",
                           _doing_line(ctx, work))
        return None

    return rule


def cached_kind(work: str, kind: str | tuple[str, ...] | None = None, *,
                message: str | None = None, innermost: bool = False,
                found: str = "`{function}` uses `st.{kind}`.") -> Rule:
    """Rule: ``work`` ran inside a function cached with ``st.<kind>`` (confirmed); ``kind``
    may be several (tried in turn) or None (either Streamlit cache). ``innermost``: only the
    cache closest around the call counts. ``found`` says it (fields ``function``, ``kind``);
    points at the cache."""
    kinds = caching.KINDS if kind is None else (kind,) if isinstance(kind, str) else kind

    def rule(ctx) -> Finding | None:
        found_caches = confirmed_caches(ctx, work)
        for wanted in kinds:
            for step, caches in found_caches:
                for cache in caches[-1:] if innermost else caches:
                    if cache["kind"] == wanted:
                        said = found.format(function=cache["function"], kind=wanted)
                        return Finding(message or said, cache.get("line"))
        return None

    return rule


def cached_elsewhere(work: str) -> Rule:
    """Rule: ``work`` ran inside the cache of a function that does not call it itself (a
    cache keyed by that function's arguments). Names that function."""

    def rule(ctx) -> Finding | None:
        doing = functions_doing(ctx.tree, work) if ctx.tree is not None else set()
        for _, caches in confirmed_caches(ctx, work):
            if caches and caches[-1]["function"].rsplit(".", 1)[-1] not in doing:
                return Finding(f"`{caches[-1]['function']}`", caches[-1].get("line"))
        return None

    return rule


def say_option(option: str, value) -> str:
    """An option's value as feedback says it: a ttl in seconds (and minutes)."""
    if option == "ttl" and isinstance(value, (int, float)):
        if value < 1:
            return f"ttl = {value:.3g} s"
        for unit, size in (("days", 86400), ("hours", 3600), ("min", 60)):
            if value >= size:
                return f"ttl = {value:g} s ({value / size:.4g} {unit})"
        return f"ttl = {value:g} s"
    return f"{option} = {value!r}"


def cache_option(work: str, option: str, *, below: float | None = None,
                 above: float | None = None, missing: bool = False, present: bool = False,
                 equals: Any = None, at_least: float | None = None,
                 message: str | None = None) -> Rule:
    """Rule: the cache around ``work`` holds ``option`` (``ttl`` in seconds, ``max_entries``,
    ``persist``, ``scope``, ``refresh``) below / above a bound, or does not set it
    (``missing``), or sets it (``present``), or holds ``equals`` — as the running app held
    it, the cache confirmed by the source. ``at_least``: values below it are left to another
    rule. ``{found}`` in the mistake's message says the value ("ttl = 10 s")."""

    def rule(ctx) -> Finding | None:
        for step, caches in confirmed_caches(ctx, work):
            if not caches:
                continue
            value, line = caches[-1].get(option), caches[-1].get("line")
            if value == "None":
                value = None
            if missing and value is None:
                return Finding(message or f"no {option}", line)
            if value is None:
                continue
            if at_least is not None and isinstance(value, (int, float)) and value < at_least:
                continue
            if equals is not None and value == equals:
                return Finding(message or say_option(option, value), line)
            if present or below is not None and isinstance(value, (int, float)) and \
                    value < below or above is not None and isinstance(value, (int, float)) \
                    and value > above:
                return Finding(message or say_option(option, value), line)
        return None

    return rule


def cache_keyed_by(work: str, *, again: bool = True, underscored: bool = False,
                   found: str = "`{function}` takes {parameters}", at: str = "cache") -> Rule:
    """Rule: ``work`` ran more than once, every time inside a (confirmed) Streamlit cache
    (``again``; else: ran in one), and the cached function closest around it takes
    parameters: each new value is a new cache entry and runs the work again. Parameters with
    a leading underscore are not in the key and not said (``underscored``: said too).
    ``found`` says it: ``{function}``, ``{parameters}`` (“`region`, `measure`”), ``{first}``
    (“`region`”); ``at`` points at the ``"cache"`` or at the ``"def"``."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        caches = [c for _, c in confirmed_caches(ctx, work)]
        if again and (len(caches) < 2 or not all(caches)) or not caches or not caches[0]:
            return None
        function = caches[0][-1]["function"].rsplit(".", 1)[-1]
        for node in index.functions:
            if node.name != function:
                continue
            names = [p for p in _parameters(node) if underscored or not p.startswith("_")]
            if not names:
                return None
            said = found.format(function=function, first=f"`{names[0]}`",
                                parameters=", ".join(f"`{p}`" for p in names))
            return Finding(said, caches[0][-1].get("line") if at == "cache" else node.lineno)
        return None

    return rule


PYTHON_CACHES = {"cache", "lru_cache", "cached_property"}


def cached_by_python(work: str, *, message: str | None = None) -> Rule:
    """Rule: a function doing ``work`` carries ``functools.cache`` / ``lru_cache`` — Python's
    own cache, per process and unbounded in time, which Streamlit knows nothing of."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        doing = functions_doing(index.tree, work)
        for node in index.functions:
            if isinstance(node, ast.FunctionDef) and node.name in doing:
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    name = target.attr if isinstance(target, ast.Attribute) else \
                        target.id if isinstance(target, ast.Name) else None
                    if name in PYTHON_CACHES:
                        return Finding(message or f"`{node.name}` uses `functools.{name}`.",
                                       decorator.lineno)
        return None

    return rule


def stored_in_session(work: str, *, message: str | None = None) -> Rule:
    """Rule: what ``work`` returns (or a function doing it returns) is stored in
    ``st.session_state`` — one browser tab's memory — in any of the usual forms (item,
    attribute, ``setdefault``, ``update``, an alias of ``st.session_state``)."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        line = index.remember(("stored_in_session", work), lambda: _stored_line(index, work))
        return Finding(message or "kept in st.session_state", line) if line else None

    return rule


def _stored_line(index: _Index, work: str) -> int | None:
    tree = index.tree
    names = doers(tree, work)
    aliases = {t.id for n in index.nodes if isinstance(n, ast.Assign)
               and touches_state(n.value) and isinstance(n.value, ast.Attribute)
               for t in n.targets if isinstance(t, ast.Name)}

    def state(node) -> bool:
        return touches_state(node) or any(isinstance(n, ast.Name) and n.id in aliases
                                          for n in ast.walk(node))

    def calls_work(node) -> bool:
        return any(isinstance(c, ast.Call) and called(c) in names for c in ast.walk(node))

    made = {t.id for n in index.nodes if isinstance(n, ast.Assign) and calls_work(n.value)
            for t in n.targets if isinstance(t, ast.Name)}

    def holds(node) -> bool:
        return calls_work(node) or any(isinstance(n, ast.Name) and n.id in made
                                       for n in ast.walk(node))

    for node in index.nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(state(t) and not isinstance(t, ast.Name)
                                              for t in targets) and holds(node.value):
                return node.lineno
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("setdefault", "update", "__setitem__") and \
                state(node.func.value) and \
                any(holds(a) for a in [*node.args, *(k.value for k in node.keywords)]):
            return node.lineno
    return None


def state_assignment(*, made_by_call: bool = False) -> Rule:
    """Pointer: the first statement that stores something in ``st.session_state`` (an
    assignment to it, or its ``setdefault``); ``made_by_call``: only a plain assignment of a
    call's result (``st.session_state.model = train()``)."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.nodes if index else ():
            if made_by_call:
                if isinstance(node, ast.Assign) and any(_state_root(t) for t in node.targets) \
                        and isinstance(node.value, ast.Call):
                    return Finding("", node.lineno)
                continue
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(touches_state(t) for t in targets):
                    return Finding("", node.lineno)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "setdefault" and touches_state(node.func):
                return Finding("", node.lineno)
        return None

    return rule


SESSION_SCOPED = "a cache with `scope=\"session\"`"


def kept_per_session(work: str, *, at: Rule | None = None) -> Rule:
    """Rule: ``work`` ran once in each browser tab (``ran_per_session``), and where it is
    kept says why: a (confirmed) cache with ``scope="session"`` (found: "a cache with
    `scope="session"`", at it), else ``st.session_state`` (found: "`st.session_state`", at
    the line ``at`` finds, by default the first that stores in it)."""
    per_session = ran_per_session(work)
    pointer = at or state_assignment()

    def rule(ctx) -> Finding | None:
        if not per_session(ctx):
            return None
        for _, detail in ctx.details(work):
            for cache in detail.get("cached", []):
                if cache.get("scope") == "session" and caching.confirmed(cache, ctx.tree):
                    return Finding(SESSION_SCOPED, cache.get("line"))
        where = pointer(ctx)
        return Finding("`st.session_state`", where.line if where else None)

    return rule


# ================================================================ code pointers
def line_of_call(*names: str, doing: str | None = None, inside: str | None = None,
                 outside: str | None = None, after: str | None = None,
                 arguments: int | None = None, first: str = "line", found: str = "") -> Rule:
    """Pointer: a call of one of ``names`` (``f`` is ``f(…)`` or ``x.f(…)``; ``m.f`` is
    ``m.f(…)`` or an imported ``f(…)``), or, with ``doing``, of the service ``work`` or of a
    function that calls it. ``inside`` / ``outside``: within (or not within) a function made
    a ``"fragment"``, one wrapped with a Streamlit ``"cache"``, or any ``"function"``.
    ``after="loop"``: only calls after the first loop ends. ``arguments``: only calls given
    that many positional arguments. ``first``: the one on the earliest ``"line"``, or the
    first ``"walk"``-ing the tree (outer code before nested)."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        wanted = set(names) | (doers(index.tree, doing) if doing else set())
        calls = [c for c in index.calls if _matches(c, wanted) and
                 (arguments is None or len(c.args) == arguments)]
        for where, keep in ((inside, True), (outside, False)):
            if where:
                holders = _holders(index, where)
                calls = [c for c in calls if index.inside(c, holders) == keep]
        if after == "loop":
            loops = [n for n in index.nodes if isinstance(n, (ast.For, ast.While))]
            end = loops[0].end_lineno if loops else 0
            calls = [c for c in calls if c.lineno > end]
        if not calls:
            return None
        call = min(calls, key=lambda c: c.lineno) if first == "line" else calls[0]
        return Finding(found, call.lineno)

    return rule


def _holders(index: _Index, where: str) -> list[ast.AST]:
    if where == "fragment":
        return fragment_functions(index.tree)
    if where == "cache":
        wrapped = {w.function for w in _wrapped(index.tree)}
        return [f for f in index.functions if f.name in wrapped]
    if where == "function":
        return list(index.functions)
    raise ValueError(f"unknown place {where!r}")


def line_of_widget(label: str, *kinds: str) -> Rule:
    """Pointer: the call that draws the widget labelled ``label`` (of one of ``kinds``, when
    given), in walking order."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.calls if index else ():
            if node.args and isinstance(node.args[0], ast.Constant) and \
                    node.args[0].value == label and (not kinds or called(node) in kinds):
                return Finding("", node.lineno)
        return None

    return rule


def line_of_text(text: str) -> Rule:
    """Pointer: the call whose arguments hold a string with ``text`` (the line that shows
    it)."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.calls if index else ():
            if any(isinstance(part, ast.Constant) and text in str(part.value)
                   for arg in node.args for part in ast.walk(arg)):
                return Finding("", node.lineno)
        return None

    return rule


ANY = object()


def keyword_is(name: str, value: Any = ANY) -> Rule:
    """Pointer: a call given ``name=value`` (a literal; any value when not given), e.g.
    ``keyword_is("clear_on_submit", True)``, ``keyword_is("on_change", "ignore")``. Finds
    the value as written (``max_size=1000`` → "1000"), at its line."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.nodes if index else ():
            if isinstance(node, ast.keyword) and node.arg == name and (
                    value is ANY or isinstance(node.value, ast.Constant) and
                    node.value.value == value and type(node.value.value) is type(value)):
                return Finding(ast.unparse(node.value), node.value.lineno)
        return None

    return rule


def digit_string(option: str, *, calls: tuple[str, ...] = ()) -> Rule:
    """Pointer: ``option`` given as a string of digits (``run_every="10"``, ``ttl="120"``),
    which Streamlit reads as a pandas duration without unit: nanoseconds. ``calls``: only in
    calls of these names. Finds ``option="10"`` at the call."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for call in index.calls if index else ():
            if calls and called(call) not in calls:
                continue
            given = _keyword(call, option)
            if isinstance(given, ast.Constant) and isinstance(given.value, str) and \
                    given.value.strip().isdigit():
                return Finding(f"`{option}={given.value!r}`".replace("'", '"'), call.lineno)
        return None

    return rule


def _fixed_value(value: ast.expr) -> bool:
    from checkers.static import _fixed_value as fixed

    return fixed(value)


def _made_fresh(value: ast.expr, kinds: tuple[str, ...]) -> bool:
    """A new dict or list (a literal or ``dict(…)`` / ``list(…)``), of ``kinds``."""
    literal = {"dict": ast.Dict, "list": ast.List}
    return any(isinstance(value, literal[k]) for k in kinds) or \
        isinstance(value, ast.Call) and getattr(value.func, "id", None) in kinds


def assigned_every_run(*, to: str = "state", value: str | tuple[str, ...] = "fixed",
                       message: str = "") -> Rule:
    """Pointer: a statement that runs on every rerun (module level, or a plain ``with``
    block) and sets
    ``to="state"`` — a key of ``st.session_state`` to ``value="fixed"`` (a constant, an empty
    collection: initialisation without the ``if … not in st.session_state`` guard) or to a
    fresh collection of ``value=("dict", "list")`` kinds (whatever it holds; a
    ``__setitem__`` call too);
    ``to="variable"`` — a plain variable from itself (``runs += 1``, ``runs = runs + 1``)."""
    kinds = (value,) if isinstance(value, str) else tuple(value)

    def rule(ctx) -> Finding | None:
        if ctx.tree is None:
            return None
        for node in top_level(ctx.tree.body):
            if to == "variable":
                target = node.target if isinstance(node, ast.AugAssign) else \
                    node.targets[0] if isinstance(node, ast.Assign) and \
                    len(node.targets) == 1 else None
                if isinstance(target, ast.Name) and (isinstance(node, ast.AugAssign) or any(
                        isinstance(n, ast.Name) and n.id == target.id
                        for n in ast.walk(node.value))):
                    return Finding(message, node.lineno)
                continue
            if kinds == ("fixed",):
                if isinstance(node, ast.Assign) and any(touches_state(t) for t in node.targets) \
                        and _fixed_value(node.value):
                    return Finding(message, node.lineno)
                continue
            if isinstance(node, ast.Assign) and any(_state_root(t) for t in node.targets) and \
                    _made_fresh(node.value, kinds) or \
                    isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
                    _state_root(node.value.func) and \
                    getattr(node.value.func, "attr", "") == "__setitem__":
                return Finding(message, node.lineno)
        return None

    return rule


def cache_wrapping(kind: str | None = None, *, doing: str | None = None,
                   not_doing: str | None = None, global_scope: bool = False,
                   decorated: bool = False) -> Rule:
    """Pointer: a function the source wraps with a Streamlit cache (of ``kind``), that calls
    ``doing`` / does not call ``not_doing`` (services); ``global_scope``: not given
    ``scope="session"``; ``decorated``: only the ``@`` form. Finds "`name`" at the wrapping."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        tree = index.tree
        for wrap in _wrapped(tree):
            if kind and wrap.kind != kind:
                continue
            if doing and wrap.function not in functions_doing(tree, doing):
                continue
            if not_doing and wrap.function in functions_doing(tree, not_doing):
                continue
            if decorated and not any(
                    isinstance(f, ast.FunctionDef) and f.name == wrap.function and
                    any(d.lineno == wrap.line for d in f.decorator_list)
                    for f in index.functions):
                continue
            if global_scope and any(
                    isinstance(n, ast.Call) and n.lineno == wrap.line and any(
                        k.arg == "scope" and isinstance(k.value, ast.Constant) and
                        k.value.value == "session" for k in n.keywords)
                    for n in index.calls):
                continue
            return Finding(f"`{wrap.function}`", wrap.line)
        return None

    return rule


def declares_global(*, doing: str) -> Rule:
    """Pointer: a function that calls the service ``doing`` declares a ``global`` (keeps
    what it makes in a variable of the script). Finds "`name`" at the statement."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        names = functions_doing(index.tree, doing)
        for function in index.functions:
            if isinstance(function, ast.FunctionDef) and function.name in names:
                for inner in ast.walk(function):
                    if isinstance(inner, ast.Global):
                        return Finding(f"`{inner.names[0]}`", inner.lineno)
        return None

    return rule


def unkeyed_parameters(*, doing: str, kind: str = "cache_data") -> Rule:
    """Pointer: the function the source caches with ``st.<kind>`` and that calls ``doing``
    takes several parameters, every one with a leading underscore: none is in the cache key.
    At its ``def``."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        doers_ = functions_doing(index.tree, doing)
        wrap = next((w for w in _wrapped(index.tree) if w.kind == kind and w.function in doers_),
                    None)
        for node in index.functions if wrap else ():
            if isinstance(node, ast.FunctionDef) and node.name == wrap.function:
                names = _parameters(node)
                if len(names) > 1 and all(n.startswith("_") for n in names):
                    return Finding("", node.lineno)
        return None

    return rule


def hashes_type(type_name: str) -> Rule:
    """Pointer: ``hash_funcs`` gives the type ``type_name`` (``str``, "builtins.str") a hash
    function of its own. At that key."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.nodes if index else ():
            if isinstance(node, ast.keyword) and node.arg == "hash_funcs" and \
                    isinstance(node.value, ast.Dict):
                for key in node.value.keys:
                    if isinstance(key, ast.Name) and key.id == type_name or \
                            isinstance(key, ast.Constant) and \
                            key.value in (type_name, f"builtins.{type_name}"):
                        return Finding("", key.lineno)
        return None

    return rule


# ---------------------------------------------------------------- fragments
def _is_fragment(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return getattr(target, "attr", getattr(target, "id", None)) == "fragment"


def fragment_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """Functions made fragments: ``@st.fragment`` / ``@st.fragment(…)`` (any alias ending in
    ``fragment``) or ``st.fragment(function)``."""
    index = _index(tree)

    def make():
        wrapped = {a.id for n in index.calls if called(n) == "fragment"
                   for a in n.args if isinstance(a, ast.Name)}
        return [n for n in index.nodes if isinstance(n, ast.FunctionDef) and (
            n.name in wrapped or any(_is_fragment(d) for d in n.decorator_list))]

    return index.remember("fragments", make)


def has_fragment() -> Rule:
    """Pointer: the source makes some function a fragment (at its ``def``)."""

    def rule(ctx) -> Finding | None:
        found = fragment_functions(ctx.tree) if ctx.tree is not None else []
        return Finding("", found[0].lineno) if found else None

    return rule


def fragment_doing(work: str) -> Rule:
    """Pointer: a fragment function that calls the service ``work`` (or a function doing
    it). At its ``def``."""

    def rule(ctx) -> Finding | None:
        if ctx.tree is None:
            return None
        names = doers(ctx.tree, work)
        for function in fragment_functions(ctx.tree):
            if any(isinstance(c, ast.Call) and called(c) in names for c in ast.walk(function)):
                return Finding("", function.lineno)
        return None

    return rule


def fragment_never_called() -> Rule:
    """Pointer: a function made a fragment that the script never calls. Finds "`name`" at
    its ``def``."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        names = {c.func.id for c in index.calls if isinstance(c.func, ast.Name)}
        for function in fragment_functions(index.tree):
            if function.name not in names:
                return Finding(f"`{function.name}`", function.lineno)
        return None

    return rule


def fragment_without(option: str, *, decorated_only: bool = False) -> Rule:
    """Pointer: a fragment given no ``option`` (``run_every``: a fragment with no timer) —
    in the decorator or the ``st.fragment(f, …)`` call that makes it; with
    ``decorated_only``, fragments made with ``@`` only, and only when none of them sets it.
    At its ``def``."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        if decorated_only:
            from checkers.static import decorated

            found = [d for d in decorated(index.tree) if d.kind == "fragment"]
            if found and not any(option in d.options for d in found):
                return Finding("", found[0].line)
            return None
        for function in fragment_functions(index.tree):
            if not any(isinstance(d, ast.Call) and _keyword(d, option)
                       for d in function.decorator_list):
                return Finding("", function.lineno)
        return None

    return rule


def reruns_inside_fragment() -> Rule:
    """Pointer: ``st.rerun()`` inside a fragment function without ``scope="fragment"``: it
    reruns the whole app."""

    def rule(ctx) -> Finding | None:
        if ctx.tree is None:
            return None
        for function in fragment_functions(ctx.tree):
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and called(call) == "rerun":
                    scope = _keyword(call, "scope")
                    if not (isinstance(scope, ast.Constant) and scope.value == "fragment"):
                        return Finding("", call.lineno)
        return None

    return rule


# ---------------------------------------------------------------- tabs and guards
def _made_by(index: _Index, maker: str) -> set[str]:
    """Names bound to what ``st.<maker>(...)`` returns (each item of a tuple, or the list)."""

    def make():
        names = set()
        for node in index.nodes:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                    called(node.value) == maker:
                for target in node.targets:
                    parts = target.elts if isinstance(target, (ast.Tuple, ast.List)) \
                        else [target]
                    names.update(p.id for p in parts if isinstance(p, ast.Name))
        return names

    return index.remember(("made_by", maker), make)


def tests_truth_of(*, made_by: str = "tabs", doing: str, plain: bool = False) -> Rule:
    """Pointer: an ``if`` that tests an object ``st.<made_by>(...)`` returned (``if tab:``,
    ``if not tab:``, ``if tabs[2]:``) — always true — and under it calls ``doing`` (a
    method or service name, or a function that calls it). ``plain``: only ``if name:``.
    Finds the test as written ("forecast")."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        made = _made_by(index, made_by)
        names = doers(index.tree, doing, through=True) if not plain else {doing}
        for node in index.nodes:
            if plain and not isinstance(node, ast.If):
                continue
            test = getattr(node, "test", None) if isinstance(node, (ast.If, ast.IfExp)) \
                else None
            if plain:
                tested = test
            else:
                while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                    test = test.operand
                tested = test.value if isinstance(test, ast.Subscript) else test
            if isinstance(tested, ast.Name) and tested.id in made:
                body = node.body if isinstance(node.body, list) else [node.body]
                if any(isinstance(c, ast.Call) and called(c) in names
                       for part in body for c in ast.walk(part)):
                    return Finding(ast.unparse(node.test), node.lineno)
        return None

    return rule


def reads_attribute(attribute: str, *, except_made_by: tuple[str, ...] = ()) -> Rule:
    """Pointer: the code reads ``.attribute`` (e.g. ``.open``) of something that is not made
    by ``st.<except_made_by>`` (e.g. an expander's own ``.open``)."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        other = set().union(*(_made_by(index, m) for m in except_made_by))
        for n in index.nodes:
            if isinstance(n, ast.Attribute) and n.attr == attribute and \
                    isinstance(n.ctx, ast.Load) and \
                    not (isinstance(n.value, ast.Name) and n.value.id in other):
                return Finding("", n.lineno)
        return None

    return rule


def unguarded_call(*, doing: str, guard: str = "open", through: bool = True,
                   skip: str = "if", needs_guard: bool = False) -> Rule:
    """Pointer: a call of ``doing`` (or of a function calling it; ``through``: however
    indirectly) that no ``if …<guard>:`` encloses — function bodies are judged where the
    function is called. ``skip="if"``: the whole ``if`` is guarded (its ``else`` too);
    ``"body"``: only its body. ``needs_guard``: only in code that has such an ``if``."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        names = doers(index.tree, doing, through=through) if through else {doing}

        def guards(node) -> bool:
            return isinstance(node, (ast.If, ast.IfExp)) and any(
                isinstance(n, ast.Attribute) and n.attr == guard for n in ast.walk(node.test))

        if needs_guard and not any(guards(n) and isinstance(n, ast.If) for n in index.nodes):
            return None

        def walk(node) -> Finding | None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    continue
                if guards(child):
                    if skip == "if":
                        continue
                    parts = [child.test] + (child.orelse if isinstance(child.orelse, list)
                                            else [child.orelse])
                    for part in parts:
                        found = _call_in(part, names) or walk(part)
                        if found:
                            return found
                    continue
                if isinstance(child, ast.Call) and called(child) in names:
                    return Finding("", child.lineno)
                found = walk(child)
                if found:
                    return found
            return None

        def _call_in(node, names) -> Finding | None:
            if isinstance(node, ast.Call) and called(node) in names:
                return Finding("", node.lineno)
            return None

        return walk(index.tree)

    return rule


# ---------------------------------------------------------------- buttons and callbacks
def _button_branches(index: _Index) -> list[tuple[ast.If, ast.Call]]:
    def make():
        found = []
        for node in index.nodes:
            if isinstance(node, ast.If):
                for call in ast.walk(node.test):
                    if isinstance(call, ast.Call) and called(call) == "button":
                        found.append((node, call))
        return found

    return index.remember("buttons", make)


def _is_rerun_statement(node: ast.AST) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
        getattr(node.value.func, "attr", None) == "rerun"


def _changes_state(body: list[ast.stmt], how: str) -> bool:
    if how == "assigns":
        return any(isinstance(n, (ast.Assign, ast.AugAssign)) and touches_state(n) or
                   isinstance(n, ast.Call) and getattr(n.func, "attr", None) == "update" and
                   touches_state(n.func) for stmt in body for n in ast.walk(stmt))
    return any(isinstance(n, (ast.Assign, ast.AugAssign, ast.Delete)) or
               isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
               n.func.attr in ("pop", "update", "__setitem__")
               for stmt in body for n in ast.walk(stmt)) and \
        any(touches_state(stmt) for stmt in body)


def button_branch(*, label: Any = None, changes_state: bool = True,
                  reruns: bool | None = None, on_click: bool | None = None,
                  state_change: str = "any", found: str = "") -> Rule:
    """Pointer: an ``if st.button(...):`` block (of the button ``label``, a literal, or a
    function of ``ctx`` giving it) that changes ``st.session_state`` (``state_change="any"``:
    some statement changes something and some mentions the state; ``"assigns"``: an
    assignment to it or its ``update``), calls ``st.rerun()`` or not (``reruns``), and has
    an ``on_click`` callback or not (``on_click``). ``found``: "“{label}”" names the button.
    At the ``if``."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        wanted = label(ctx) if callable(label) else label
        for branch, call in _button_branches(index):
            name = _label(call) if call.args and isinstance(call.args[0], ast.Constant) \
                else None
            if wanted is not None and name != wanted:
                continue
            if changes_state and not _changes_state(branch.body, state_change):
                continue
            if reruns is not None:
                if state_change == "assigns":
                    has = any(_is_rerun_statement(n) for n in ast.walk(branch))
                else:
                    has = any(isinstance(c, ast.Call) and getattr(c.func, "attr", None) ==
                              "rerun" for c in ast.walk(branch))
                if has != reruns:
                    continue
            if on_click is not None and \
                    any(k.arg == "on_click" for k in call.keywords) != on_click:
                continue
            return Finding(found.format(label=name if name is not None else "…"),
                           branch.lineno)
        return None

    return rule


def _callbacks(index: _Index, keyword: str) -> list[ast.FunctionDef]:
    names = {k.value.id for n in index.calls for k in n.keywords
             if k.arg == keyword and isinstance(k.value, ast.Name)}
    return [f for f in index.nodes if isinstance(f, ast.FunctionDef) and f.name in names]


def rerun_in_callback(keyword: str = "on_click") -> Rule:
    """Pointer: ``st.rerun()`` in a function given as a widget's ``keyword`` callback (in a
    callback it is a no-op on older Streamlit, and on 1.67 starts a run that replaces the
    click's)."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for function in _callbacks(index, keyword) if index else ():
            for inner in ast.walk(function):
                if _is_rerun_statement(inner):
                    return Finding("", inner.lineno)
        return None

    return rule


def code_after_rerun() -> Rule:
    """Pointer: in an ``if st.button(...):`` block, a statement after ``st.rerun()`` — it
    never runs."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for branch, _ in _button_branches(index) if index else ():
            for before, after in zip(branch.body, branch.body[1:]):
                if _is_rerun_statement(before) and not _is_rerun_statement(after):
                    return Finding("", after.lineno)
        return None

    return rule


def callback_reads_script(keyword: str = "on_change") -> Rule:
    """Pointer: a function given as a widget's ``keyword`` callback reads variables the
    script assigns at module level — a callback runs before the script, so they still hold
    the previous run's values. Finds them ("`count`, `measure`") at the ``def``."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        module = {t.id for stmt in index.tree.body if isinstance(stmt, ast.Assign)
                  for t in stmt.targets if isinstance(t, ast.Name)}
        for function in _callbacks(index, keyword):
            reads = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and
                     isinstance(n.ctx, ast.Load)}
            if reads & module:
                return Finding(", ".join(f"`{name}`" for name in sorted(reads & module)),
                               function.lineno)
        return None

    return rule


# ---------------------------------------------------------------- session state
def mentions_state() -> Rule:
    """Pointer: the code uses ``st.session_state`` somewhere (at the first mention)."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.nodes if index else ():
            if isinstance(node, ast.Attribute) and node.attr == "session_state" or \
                    isinstance(node, ast.Name) and node.id == "session_state":
                return Finding("", getattr(node, "lineno", None))
        return None

    return rule


def _script_names(index: _Index) -> set[str]:
    """Names the script itself assigns (module-level assignments)."""
    return index.remember("script_names", lambda: {
        n.id for node in index.tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
        for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)})


def reads_script(*, doing: str) -> Rule:
    """Pointer: a function that calls the service ``doing`` reads a variable of the script
    (assigned at module level, not one of its own parameters or locals) instead of taking
    it as an argument — a cache keyed by the arguments does not see it. Finds "`name`" at
    the read."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        script, names = _script_names(index), functions_doing(index.tree, doing)
        for function in index.functions:
            if not isinstance(function, ast.FunctionDef) or function.name not in names:
                continue
            own = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)} | {
                n.id for n in ast.walk(function) if isinstance(n, ast.Name) and
                isinstance(n.ctx, ast.Store)}
            for n in ast.walk(function):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and \
                        n.id in script - own:
                    return Finding(f"`{n.id}`", n.lineno)
        return None

    return rule


def init_guard() -> Rule:
    """Pointer: an ``if … not in st.session_state:`` (a block that runs in a session's first
    run only)."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.nodes if index else ():
            if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and \
                    any(isinstance(op, ast.NotIn) for op in node.test.ops) and \
                    touches_state(node.test):
                return Finding("", node.lineno)
        return None

    return rule


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


def _compared_keys(index: _Index) -> list[tuple[ast.If, str, ast.expr]]:
    """``if <stored inputs> != <current inputs>:`` blocks: (block, key, current inputs)."""

    def make():
        found = []
        for node in index.nodes:
            if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and \
                    len(node.test.ops) == 1 and isinstance(node.test.ops[0], ast.NotEq):
                left, right = node.test.left, node.test.comparators[0]
                key = _state_key(left) or _state_key(right)
                if key:
                    found.append((node, key, right if _state_key(left) else left))
        return found

    return index.remember("compared", make)


def _stores(index: _Index, key: str) -> list[ast.Assign]:
    return [n for n in index.nodes if isinstance(n, ast.Assign) and
            any(_state_key(t) == key for t in n.targets)]


def compared_never_stored() -> Rule:
    """Pointer: ``if st.session_state.<key> != …:`` compares with a key of session state that
    no statement ever stores. Finds "`key`" at the ``if``."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for block, key, _ in _compared_keys(index) if index else ():
            if not _stores(index, key):
                return Finding(f"`{key}`", block.lineno)
        return None

    return rule


def compared_other_sequence() -> Rule:
    """Pointer: a key of session state is stored as a list and compared with a tuple (or the
    other way round), which are never equal. At the store."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        sequences = (ast.List, ast.Tuple)
        for block, key, current in _compared_keys(index) if index else ():
            for store in _stores(index, key):
                if isinstance(store.value, sequences) and isinstance(current, sequences) and \
                        type(store.value) is not type(current):
                    return Finding("", store.lineno)
        return None

    return rule


COMPARISONS = {"==": ast.Eq, "!=": ast.NotEq, ">": ast.Gt, ">=": ast.GtE, "<": ast.Lt,
               "<=": ast.LtE}


def compares(*operators: str, then: str) -> Rule:
    """Pointer: an ``if`` comparing with one of ``operators`` ("==", ">" …) whose block
    calls ``then`` (e.g. "warning")."""
    kinds = tuple(COMPARISONS[o] for o in operators)

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.nodes if index else ():
            if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and \
                    any(isinstance(op, kinds) for op in node.test.ops) and \
                    any(isinstance(n, ast.Call) and getattr(n.func, "attr", None) == then
                        for stmt in node.body for n in ast.walk(stmt)):
                return Finding("", node.lineno)
        return None

    return rule


def argument_missing(method: str, *, position: int) -> Rule:
    """Pointer: every call of ``.method(…)`` passes no more than ``position`` positional
    arguments and no keyword (the argument at ``position`` is never given). At the first."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        found = [n for n in index.calls if isinstance(n.func, ast.Attribute) and
                 n.func.attr == method] if index else []
        if found and all(len(c.args) <= position and not c.keywords for c in found):
            return Finding("", found[0].lineno)
        return None

    return rule


# ---------------------------------------------------------------- shared objects
ADDING, REMOVING = {"update", "setdefault", "__setitem__"}, {"pop", "popitem", "clear",
                                                            "__delitem__"}


def _of_shared(node: ast.AST, attribute: str) -> bool:
    """``<something>.attribute`` that is not in ``st.session_state``."""
    return isinstance(node, ast.Attribute) and node.attr == attribute and \
        not _state_root(node.value)


def _changes(index: _Index, attribute: str) -> list[tuple[str, int]]:
    """("add" | "remove", line) for each statement that changes ``<x>.attribute``."""

    def make():
        found = []
        for node in index.nodes:
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Subscript) and _of_shared(t.value, attribute)
                       for t in targets):
                    found.append(("add", node.lineno))
            elif isinstance(node, ast.Delete) and any(
                    isinstance(t, ast.Subscript) and _of_shared(t.value, attribute)
                    for t in node.targets):
                found.append(("remove", node.lineno))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    _of_shared(node.func.value, attribute) and node.func.attr in ADDING | REMOVING:
                found.append(("add" if node.func.attr in ADDING else "remove", node.lineno))
        return sorted(found, key=lambda change: change[1])

    return index.remember(("changes", attribute), make)


def mutates(attribute: str, *, adds_and_removes: bool = False) -> Rule:
    """Pointer: a statement changes the collection ``<object>.attribute`` in place (an item
    set or deleted, ``update``, ``pop`` …; the object not in session state). At the first;
    ``adds_and_removes``: only when the code both adds and removes, at the first removal."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        changes = _changes(index, attribute) if index else []
        if adds_and_removes:
            if {kind for kind, _ in changes} != {"add", "remove"}:
                return None
            return Finding("", next(line for kind, line in changes if kind == "remove"))
        return Finding("", changes[0][1]) if changes else None

    return rule


def state_aliases(attribute: str) -> Rule:
    """Pointer: ``st.session_state.x = <object>.attribute`` — a second name for a shared
    object's collection, not a copy."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for node in index.nodes if index else ():
            if isinstance(node, ast.Assign) and any(_state_root(t) for t in node.targets) and \
                    _of_shared(node.value, attribute):
                return Finding("", node.lineno)
        return None

    return rule


# ---------------------------------------------------------------- placeholders and progress
def _placeholders(index: _Index) -> dict[str, ast.Assign]:
    """Names bound to ``<container>.empty()``."""
    return index.remember("placeholders", lambda: {
        t.id: node for node in index.nodes if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call) and called(node.value) == "empty"
        for t in node.targets if isinstance(t, ast.Name)})


def _writes_to(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
            and n.func.value.id == name]


def placeholder_chained() -> Rule:
    """Pointer: ``….empty().<element>(…)`` written twice or more: each ``.empty()`` makes a
    new placeholder. At the last."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        chained = [n for n in index.calls if isinstance(n.func, ast.Attribute) and
                   isinstance(n.func.value, ast.Call) and called(n.func.value) == "empty"] \
            if index else []
        return Finding("", chained[-1].lineno) if len(chained) >= 2 else None

    return rule


def placeholder_written_once() -> Rule:
    """Pointer: a placeholder (``slot = ….empty()``) written only once. At the write."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for name in _placeholders(index) if index else ():
            writes = _writes_to(index.tree, name)
            if len(writes) == 1:
                return Finding("", writes[0].lineno)
        return None

    return rule


def placeholder_outside_loop() -> Rule:
    """Pointer: a placeholder made once, outside a loop, and written to on every pass of it
    (an ``st.empty`` holds one element: each pass replaces the last). At the placeholder."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        places = _placeholders(index)
        for loop in (n for n in index.nodes if isinstance(n, (ast.For, ast.While))):
            inside = {id(n) for n in ast.walk(loop)}
            for name, bound in places.items():
                if id(bound) in inside or (isinstance(loop, ast.For) and name in
                                           {n.id for n in ast.walk(loop.target)
                                            if isinstance(n, ast.Name)}):
                    continue
                if [w for w in _writes_to(loop, name) if called(w) != "empty"]:
                    return Finding("", bound.lineno)
        return None

    return rule


def index_from_zero(call: str) -> Rule:
    """Pointer: in a loop ``for i, x in enumerate(xs):`` (counting from 0), a call of
    ``call`` given ``i`` with nothing added: after the last item it says n-1 of n."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        for loop in (n for n in index.nodes if isinstance(n, ast.For)) if index else ():
            it, target = loop.iter, loop.target
            if not (isinstance(it, ast.Call) and called(it) == "enumerate" and
                    len(it.args) == 1 and not it.keywords and isinstance(target, ast.Tuple)
                    and isinstance(target.elts[0], ast.Name)):
                continue
            name = target.elts[0].id
            for node in ast.walk(loop):
                if isinstance(node, ast.Call) and called(node) == call and node.args and \
                        name in {n.id for n in ast.walk(node.args[0])
                                 if isinstance(n, ast.Name)} and \
                        not any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add)
                                for n in ast.walk(node.args[0])):
                    return Finding("", node.lineno)
        return None

    return rule


def status_left_running() -> Rule:
    """Pointer: ``st.status(…)`` made without ``with`` in code that never sets
    ``state="complete"``: it keeps spinning once the work is done."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        in_with = {id(i.context_expr) for n in index.nodes if isinstance(n, ast.With)
                   for i in n.items}
        completes = any(isinstance(n, ast.keyword) and n.arg == "state" and
                        isinstance(n.value, ast.Constant) and n.value.value == "complete"
                        for n in index.nodes)
        for call in index.calls:
            if called(call) == "status" and id(call) not in in_with and not completes:
                return Finding("", call.lineno)
        return None

    return rule


# ---------------------------------------------------------------- widgets
def opens_on_other_choice(kind: str = "selectbox", *, unless_sorted: bool = True) -> Rule:
    """Rule: when the app opens, a widget of ``kind`` shows another choice than the
    reference's same widget (its options come in another order); ``unless_sorted``: and its
    options are not given as ``sorted(...)``. Finds "'Label'" at the widget."""

    def rule(ctx) -> Finding | None:
        mine = display.flatten(ctx.steps[0]["display"])
        ref = display.flatten(ctx.ref_steps[0]["display"])
        theirs = {i.get("label"): i.get("value") for i in ref if i.get("type") == kind}
        label = next((i.get("label") for i in mine if i.get("type") == kind and
                      i.get("label") in theirs and i.get("value") != theirs[i.get("label")]),
                     None)
        index = _tree(ctx)
        if label is None or index is None:
            return None
        for node in index.calls:
            if getattr(node.func, "attr", None) == kind and node.args and \
                    isinstance(node.args[0], ast.Constant) and node.args[0].value == label \
                    and len(node.args) > 1:
                options = node.args[1]
                if not unless_sorted or not (isinstance(options, ast.Call) and
                                             getattr(options.func, "id", None) == "sorted"):
                    return Finding(f"'{label}'", node.lineno)
        return None

    return rule


def submit_guards(*, doing: str, button: str = "form_submit_button") -> Rule:
    """Pointer: an ``if`` on a ``st.<button>`` (the call, or a name bound to it) whose block
    calls ``doing`` (a service, or a function calling it): the work runs only in the run a
    click starts."""

    def rule(ctx) -> Finding | None:
        index = _tree(ctx)
        if index is None:
            return None
        names = doers(index.tree, doing)
        bound = {t.id for node in index.nodes if isinstance(node, ast.Assign) and
                 isinstance(node.value, ast.Call) and called(node.value) == button
                 for t in node.targets if isinstance(t, ast.Name)}
        for node in index.nodes:
            if not isinstance(node, ast.If):
                continue
            tests = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
            on_submit = tests & bound or any(isinstance(c, ast.Call) and called(c) == button
                                             for c in ast.walk(node.test))
            runs = any(isinstance(c, ast.Call) and called(c) in names
                       for stmt in node.body for c in ast.walk(stmt))
            if on_submit and runs:
                return Finding("", node.lineno)
        return None

    return rule


# ================================================================ session state, flows and forms
# (added with cache-resource-mutation, unhashable-arg, session-counter, rerun-counter,
# wizard-steps, form-batch, keep-results)
def provided(rule: Rule, *conditions: Rule) -> Rule:
    """Rule: ``rule``'s finding (its message and line), provided every one of
    ``conditions`` finds something too; what the conditions find is not said. Unlike
    ``all_of``, the finding said is always ``rule``'s, even when it has no line."""

    def combined(ctx) -> Finding | None:
        found = rule(ctx)
        if not found or not all(condition(ctx) for condition in conditions):
            return None
        return found

    return combined


def change_reran(*, container: str = "form", page_has: bool | None = None,
                 widget_in: bool | None = None, every: bool = False,
                 kinds: tuple[str, ...] = (), found: str = "") -> Rule:
    """Rule (behaviour, at the widget): changing a widget (a ``"set"`` step) reran the
    whole script — the first change that did so, or, with ``every``, any — and after it the
    page holds a container of kind ``container`` (``page_has=True``) or none (``False``),
    and the widget changed stands in such a container (``widget_in=True``) or outside every
    one (``False``; a widget not on the page is neither). Finds ``found`` (``"'{widget}'"``
    names the widget) at the call that draws it (of one of ``kinds``, when given; no line
    when the source has none)."""

    def rule(ctx) -> Finding | None:
        for step in steps_where(ctx, do="set", runs="script+"):
            view, label = step["display"], step["step"].get("widget")
            if (page_has is None or (count_of(view, container) > 0) == page_has) and \
                    (widget_in is None or in_container(view, label, container) is widget_in):
                where = line_of_widget(label, *kinds)(ctx)
                return Finding(found.format(widget=label), where.line if where else None)
            if not every:
                return None
        return None

    return rule


__all__ += ["provided", "change_reran"]


# ================================================================ fragments, tabs, waiting and the page
# (added with fragment-chart, fragment-live, lazy-tabs, placeholder-swap, progress-feedback,
# speedup-dashboard)
def holds(predicate: Callable[[Any], bool]) -> Rule:
    """Rule: ``predicate(ctx)`` is true — a condition an exercise reads from the
    observations itself (with the helpers here), to combine with a pointer (``located``).
    Finds nothing to say, at no line."""
    return lambda ctx: Finding("") if predicate(ctx) else None


def _nodes(view: list[dict]) -> Iterable[dict]:
    """Every element and container of a page, top to bottom (a container before what it
    holds)."""
    for item in view:
        yield item
        yield from _nodes(item.get("children", []))


def outermost(view: list[dict], *kinds: str) -> list[dict]:
    """The elements and containers of ``kinds`` on a page, top to bottom, not looking inside
    them (a progress bar inside a status box is the box's)."""
    out = []
    for item in view:
        if item.get("type") in kinds:
            out.append(item)
        elif "children" in item:
            out.extend(outermost(item["children"], *kinds))
    return out


def remove_kinds(view: list[dict], *kinds: str) -> list[dict]:
    """The page with every element and container of ``kinds`` taken out, with all it
    holds."""
    return [{**item, "children": remove_kinds(item["children"], *kinds)} if "children" in item
            else item for item in view if item.get("type") not in kinds]


def at_calls(step: dict, work: str) -> list[list[dict]]:
    """The page as the browser showed it at each call of ``work`` during ``step``."""
    return [w["display"] for w in step.get("waiting", []) if w.get("call") == work]


def did_not_run(work: str, *, do: str | None = None, widget=None, other_than=(),
                runs: str | None = None) -> Rule:
    """Rule (behaviour): in some step of kind ``do`` / on ``widget`` that reran ``runs``
    (see ``steps_where``; ``runs="fragment"``: only a fragment reran) ``work`` did not run.
    ``unless(did_not_run(work, runs="script+"))``: it ran in every run of the script."""
    return ran_on(work, do=do, widget=widget, other_than=other_than, runs=runs, more_than=-1,
                  at_most=0)


def on_page(*kinds: str, **fields: Any) -> Rule:
    """Rule (the page): after some step the page holds an element or container of one of
    ``kinds`` (with each of ``fields`` as given: ``on_page("status", state="running")``,
    ``on_page("progress", value=91)``)."""

    def rule(ctx) -> Finding | None:
        for step in ctx.steps:
            if any(i.get("type") in kinds and all(i.get(k) == v for k, v in fields.items())
                   for i in _nodes(step["display"])):
                return Finding("")
        return None

    return rule


def showed_while(*kinds: str, work: str | None = None) -> Rule:
    """Rule (while waiting): at some call (of the service ``work``, or of any), the page as
    the browser showed it held an element or container of one of ``kinds``."""

    def rule(ctx) -> Finding | None:
        for step in ctx.steps:
            for wait in step.get("waiting", []):
                if (work is None or wait.get("call") == work) and \
                        any(i.get("type") in kinds for i in _nodes(wait["display"])):
                    return Finding("")
        return None

    return rule


def inside(container: str, *kinds: str) -> Rule:
    """Rule (the page): after some step more elements of ``kinds`` stand within a container
    of ``container`` kind ("status", "tab" …) than on the reference's page (the sibling of
    ``outside``)."""

    def within(view: list[dict]) -> int:
        return sum(count_of(view, k) - count_of(view, k, outside=container) for k in kinds)

    def rule(ctx) -> Finding | None:
        for mine, ref in zip(ctx.steps, ctx.ref_steps):
            if within(mine["display"]) > within(ref["display"]):
                return Finding("")
        return None

    return rule


def stale(*kinds: str, without: str, do: str | None = None, widget=None,
          runs: str | None = None) -> Rule:
    """Rule (the page): after some step of kind ``do`` / on ``widget`` that reran ``runs``
    (see ``steps_where``), in which the service ``without`` (what those elements show) did
    not run, the elements of ``kinds`` on the page, as a user sees it, are not the
    reference's: they were left from an earlier run (e.g. a chart drawn outside the fragment
    that reran)."""

    def shown(step: dict) -> list[dict]:
        return [i for i in display.leaves(display.seen(step["display"])) if i["type"] in kinds]

    def rule(ctx) -> Finding | None:
        for mine, ref in zip(ctx.steps, ctx.ref_steps):
            if (do is None or mine["step"].get("do") == do) and \
                    _widget_fits(mine, widget, ()) and _runs_fit(mine, runs) and \
                    not _n(mine, without) and shown(mine) != shown(ref):
                return Finding("")
        return None

    return rule


def line_of_caller(work: str, *, inside: str | None = None, outside: str | None = None,
                   first: str = "walk") -> Rule:
    """Pointer: a call of an app's function that calls the service ``work`` (where the app
    asks for it), else of ``work`` itself; ``inside`` / ``outside`` and ``first`` as in
    ``line_of_call``. With ``outside``, a function's body is judged where it is called: a
    call of ``work`` itself counts only outside every function, and (``"fragment"``) calling
    a fragment that asks is not asking outside it."""
    direct = line_of_call(work, inside=inside, outside="function" if outside else None,
                          first=first)

    def rule(ctx) -> Finding | None:
        if ctx.tree is None:
            return None
        callers = functions_doing(ctx.tree, work)
        if outside == "fragment":
            callers -= {f.name for f in fragment_functions(ctx.tree)}
        found = line_of_call(*sorted(callers), inside=inside, outside=outside,
                             first=first)(ctx) if callers else None
        return found or direct(ctx)

    return rule


__all__ += ["holds", "outermost", "remove_kinds", "at_calls", "did_not_run", "on_page",
            "showed_while", "inside", "stale", "line_of_caller"]
