import ast

from checkers.spec import *
from checkers.static import work_names

SCENARIO = [
    start(),
    choose("Region", "West"),
    set_value("Products", ["Tea", "Cocoa"]),
    set_value("Minimum units per day", 30),
    click("Run query"),
    choose("Region", "North"),
    click("Run query"),
    rerun(),
]

EDITS_FREE = "Changing the filters runs the query zero times"
SUBMIT_ONCE = "Submitting runs the query exactly once"
SAME_PAGE = "The results follow every submitted filter; the page is the same"
FILTERS = {"selectbox", "multiselect", "slider"}
QUERY = "query_sales"  # speedlit.query_sales(region, products, min_units)


# ---------------------------------------------------------------- behaviour
def edits_free(ctx):
    for mine in ctx.steps:
        if mine["step"].get("do") == "set":
            n = int(mine["calls"].get(QUERY, 0))
            if n:
                return (f"When the grader did “{mine['said']}”, the query ran "
                        f"{'once' if n == 1 else f'{n} times'}; changing a filter should not "
                        "run it at all.")
    return None


def submit_once(ctx):
    for mine in ctx.steps:
        if mine["step"].get("do") == "click" and mine["step"].get("widget") == "Run query":
            n = int(mine["calls"].get(QUERY, 0))
            if n != 1:
                return (f"When the grader did “{mine['said']}”, the query ran "
                        f"{'once' if n == 1 else f'{n} times'}; it should run exactly once.")
    return None


# ---------------------------------------------------------------- code
def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "attr", getattr(call.func, "id", None))


def _form_blocks(tree: ast.Module) -> list[ast.With]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.With) and any(
        isinstance(item.context_expr, ast.Call) and _name(item.context_expr) == "form"
        for item in node.items)]


def _uses_forms(tree: ast.Module) -> bool:
    return any(isinstance(n, ast.Call) and _name(n) == "form" for n in ast.walk(tree))


def filter_outside_form(ctx):
    blocks = _form_blocks(ctx.tree)
    if not blocks:
        return None
    inside = {id(n) for block in blocks for n in ast.walk(block)}
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Call) and _name(node) in FILTERS and id(node) not in inside \
                and not (isinstance(node.func, ast.Attribute) and
                         isinstance(node.func.value, ast.Name) and
                         node.func.value.id not in ("st", "streamlit")):
            return Finding(f"`st.{_name(node)}` is outside the form.", node.lineno)
    return None


def _query_functions(tree: ast.Module) -> set[str]:
    """The app's functions that run the query, and the service itself."""
    return {n.name for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef) and QUERY in work_names(n)} | {QUERY}


def cached_instead(ctx):
    if _uses_forms(ctx.tree):
        return None
    for item in cached_functions(ctx.tree):
        if QUERY in work_names(item.function):
            return Finding(f"`{item.name}` is cached, but there is no form.", item.line)
    return None


def no_form(ctx):
    return None if _uses_forms(ctx.tree) else Finding("The filters are not in a form.")


def _submit_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                _name(node.value) == "form_submit_button":
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def results_only_when_submitted(ctx):
    queries, submitted = _query_functions(ctx.tree), _submit_names(ctx.tree)
    for node in ast.walk(ctx.tree):
        if not isinstance(node, ast.If):
            continue
        tests = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
        on_submit = tests & submitted or any(
            isinstance(c, ast.Call) and _name(c) == "form_submit_button"
            for c in ast.walk(node.test))
        runs_query = any(isinstance(c, ast.Call) and _name(c) in queries
                         for stmt in node.body for c in ast.walk(stmt))
        if on_submit and runs_query:
            return Finding("The query runs only inside this `if`.", node.lineno)
    return None


CHECKS = [
    no_problems(points=1),
    Check(EDITS_FREE, 3, edits_free, task=1),
    Check(SUBMIT_ONCE, 2, submit_once, task=2),
    # A button's value is only the one-run trigger of a click, which no user sees.
    same_display(points=2, task=3, name=SAME_PAGE),
]

MISTAKES = [
    Mistake(
        "cached-instead-of-a-form", check=EDITS_FREE, when=cached_instead,
        message="Caching the query helps only when a combination of filters comes back: every "
                "new region, product list or minimum is a new cache entry, so each change still "
                "runs the query (and reruns the whole script). Put the three filters and a "
                "`st.form_submit_button(\"Run query\")` inside `with st.form(...)`: nothing runs "
                "until the user submits.",
    ),
    Mistake(
        "no-form", check=EDITS_FREE, when=no_form,
        message="A widget outside a form reruns the whole script the moment it changes, so "
                "every filter change runs the query. Put the three filters inside "
                "`with st.form(\"filters\"):` and replace the button with "
                "`st.form_submit_button(\"Run query\")`: edits then stay in the browser, and "
                "submitting runs the script once with all of them.",
    ),
    Mistake(
        "filter-outside-the-form", check=EDITS_FREE, when=filter_outside_form,
        message="This filter is outside the form, so changing it reruns the whole script (and "
                "the query) at once. Move it inside the `with st.form(...)` block with the other "
                "filters.",
    ),
    Mistake(
        "results-only-when-submitted", check=SAME_PAGE, when=results_only_when_submitted,
        message="The query and its results live only in the run that the submit button starts, "
                "so the page opens with no results, and they vanish again at the next rerun. "
                "Run the query on every run, outside the `if`: it is the form that keeps "
                "filter changes from rerunning the script.",
    ),
]
