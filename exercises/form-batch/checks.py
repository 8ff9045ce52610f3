import ast

from checkers import display
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
EDITS = tuple(i for i, step in enumerate(SCENARIO) if step["do"] == "set")
SUBMITS = tuple(i for i, step in enumerate(SCENARIO) if step["do"] == "click")

EDITS_FREE = "Changing the filters runs the query zero times"
SUBMIT_ONCE = "Submitting runs the query exactly once"
SAME_PAGE = "The results follow every submitted filter; the page is the same"
FILTERS = {"selectbox", "multiselect", "slider"}
QUERY = "query_sales"  # speedlit.query_sales(region, products, min_units)

CHECKS = [
    no_problems(),
    calls_match(QUERY, steps=EDITS, points=3, task=1, name=EDITS_FREE, what="the query",
                why_extra="Changing a filter should not run it at all."),
    calls_match(QUERY, steps=SUBMITS, points=2, task=2, name=SUBMIT_ONCE, what="the query",
                requires=EDITS_FREE),
    # Either a form or filters with on_change="ignore" (Streamlit 1.67) batch the changes:
    # without a form the page is the reference's but for the form's frame.
    same_page(points=2, task=3, name=SAME_PAGE, optional=("form",),
              alike={"form_submit_button": "button"}, requires=EDITS_FREE),
]


# ---------------------------------------------------------------- what the judge saw
def _edits_rerun(ctx) -> list[dict]:
    """The filter changes that reran the whole script."""
    return [s for s in ctx.steps if s["step"].get("do") == "set" and s["runs"].get("script")]


def _in_form(view: list[dict], label: str, inside: bool = False) -> bool | None:
    for item in view:
        if "children" in item:
            found = _in_form(item["children"], label, inside or item.get("type") == "form")
            if found is not None:
                return found
        elif item.get("label") == label:
            return inside
    return None


def _has_form(view: list[dict]) -> bool:
    return any(item.get("type") == "form" or _has_form(item.get("children", []))
               for item in view)


def _line_of_widget(ctx, label: str) -> int | None:
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and node.args[0].value == label and _name(node) in FILTERS:
            return node.lineno
    return None


def no_form(ctx):
    rerun = _edits_rerun(ctx)
    if rerun and not _has_form(rerun[0]["display"]):
        widget = rerun[0]["step"]["widget"]
        return Finding("", _line_of_widget(ctx, widget))
    return None


def filter_outside_form(ctx):
    for step in _edits_rerun(ctx):
        if _has_form(step["display"]) and \
                _in_form(step["display"], step["step"]["widget"]) is False:
            return Finding(f"'{step['step']['widget']}'", _line_of_widget(ctx, step["step"]["widget"]))
    return None


def _ignores(tree) -> bool:
    return any(isinstance(n, ast.keyword) and n.arg == "on_change" and
               isinstance(n.value, ast.Constant) and n.value.value == "ignore"
               for n in ast.walk(tree))


def ignore_missed(ctx):
    """Some filters wait with on_change="ignore", but one that reran the script does not."""
    rerun = _edits_rerun(ctx)
    if rerun and _ignores(ctx.tree) and not _has_form(rerun[0]["display"]):
        widget = rerun[0]["step"]["widget"]
        return Finding(f"'{widget}'", _line_of_widget(ctx, widget))
    return None


def clears_on_submit(ctx):
    """The form puts its filters back to their defaults after a submit."""
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.keyword) and node.arg == "clear_on_submit" and \
                isinstance(node.value, ast.Constant) and node.value.value is True:
            return Finding("", node.value.lineno)
    return None


def cached_instead(ctx):
    if _edits_rerun(ctx) and not _has_form(ctx.steps[0]["display"]):
        return cached_kind(QUERY, "cache_data")(ctx) or cached_kind(QUERY, "cache_resource")(ctx)
    return None


def results_late(ctx):
    """The page opened without running the query (the reference runs it at once)."""
    if ctx.steps[0]["calls"].get(QUERY) or not ctx.ref_steps[0]["calls"].get(QUERY):
        return None
    return results_only_when_submitted(ctx)


# ---------------------------------------------------------------- pointing at the code
def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "attr", getattr(call.func, "id", None))


def _query_functions(tree: ast.Module) -> set[str]:
    """The app's functions that run the query, and the service itself."""
    return {n.name for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef) and QUERY in work_names(n)} | {QUERY}


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


MISTAKES = [
    Mistake(
        "ignore-missed", check=EDITS_FREE, when=ignore_missed,
        message="The filter {found} has no `on_change=\"ignore\"`, so changing it reruns the "
                "whole script and the query at once. Give every filter "
                "`on_change=\"ignore\"` (or put them all in a form).",
    ),
    Mistake(
        "clear-on-submit", check=SAME_PAGE, when=clears_on_submit,
        message="`clear_on_submit=True` puts every filter back to its default once the form is "
                "submitted, so the next submit queries with default filters the user never "
                "chose. Leave it out: the filters should keep what the user set.",
    ),
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
        message="Each filter change reruns the whole script, and with it the query. Put the "
                "three filters inside `with st.form(\"filters\"):` and replace the button with "
                "`st.form_submit_button(\"Run query\")`: edits then stay in the browser, and "
                "submitting runs the script once with all of them. (On Streamlit 1.67, "
                "`on_change=\"ignore\"` on each filter does the same without a form.)",
    ),
    Mistake(
        "filter-outside-the-form", check=EDITS_FREE, when=filter_outside_form,
        message="The filter {found} is outside the form, so changing it reruns the whole script "
                "(and the query) at once. Move it inside the `with st.form(...)` block with the "
                "other filters.",
    ),
    Mistake(
        "results-only-when-submitted", check=SAME_PAGE, when=results_late,
        message="The query and its results live only in the run that the submit button starts, "
                "so the page opens with no results, and they vanish again at the next rerun. "
                "Run the query on every run, outside the `if`: it is the form that keeps "
                "filter changes from rerunning the script.",
    ),
]
