"""Reading a page snapshot: the plain data ``checkers.judge.snapshot`` makes of what a
browser shows, as checks and feedback need it (elements top to bottom, the open tab, a
widget's value, a short description of an element)."""
from __future__ import annotations

import json
from typing import Any

#: Containers whose children a reader sees as part of the page flow.
HIDDEN = {"empty"}


def flatten(display: list[dict]) -> list[dict]:
    """Leaf elements in display order (containers and unfilled ``st.empty`` placeholders
    dropped): what a reader sees, top to bottom."""
    out = []
    for item in display:
        if "children" in item:
            out.extend(flatten(item["children"]))
        elif item.get("type") not in HIDDEN:
            out.append(item)
    return out


def first_tab(display: list[dict]) -> str | None:
    """The label of the first tab on the page: the one a browser opens by default."""
    for item in display:
        if item.get("type") == "tab_container" and item.get("children"):
            return item["children"][0].get("label")
        found = first_tab(item.get("children", []))
        if found:
            return found
    return None


def visible(display: list[dict], tab: str | None = None) -> list[dict]:
    """Leaf elements a user sees: of each set of tabs only the open one (the one the browser
    had open, else ``tab`` when it is one of its labels, else the first). Plain ``st.tabs``
    run every tab's code, but a reader sees one tab at a time."""
    out = []
    for item in display:
        if item.get("type") == "tab_container":
            tabs = item.get("children", [])
            chosen = item.get("open") or tab
            shown = [t for t in tabs if t.get("label") == chosen] or tabs[:1]
            out.extend(visible(shown, tab))
        elif "children" in item:
            out.extend(visible(item["children"], tab))
        elif item.get("type") not in HIDDEN:
            out.append(item)
    return out


def widget_value(step: dict, label: str) -> Any:
    """The value a widget (by label) showed after a step, or None."""
    for item in flatten(step["display"]):
        if item.get("label") == label and "value" in item:
            return item["value"]
    return None


def key(value: Any) -> str:
    """A hashable, order-stable stand-in for any plain value (lists, dicts included)."""
    return json.dumps(value, sort_keys=True, default=str)


ARTICLES = {"error": "an error", "exception": "an error", "chart": "a chart",
            "spinner": "a spinner", "progress": "a progress bar", "toast": "a toast"}


def named(item: dict) -> str:
    """An element by its kind (and a widget by its label), never by what it shows: under
    grading a page holds data that differs per grading, and feedback must not carry it out."""
    kind = item.get("type", "element")
    noun = kind.replace("_", " ")
    if "label" in item and kind not in ("metric",):
        return f"the {noun} '{item['label']}'"
    if "shape" in item:
        return f"a {noun} of {item['shape'][1]} columns"
    return ARTICLES.get(kind, f"a {noun}")


def describe(item: dict) -> str:
    """A short human description of one element with what it shows (for the learner's own
    runs of their app, where the data is the course's public data)."""
    kind = item.get("type", "element")
    noun = kind.replace("_", " ")
    if "label" in item and "value" in item:
        return f"the {noun} '{item['label']}' = {item['value']!r}"
    if "label" in item:
        return f"the {noun} '{item['label']}'"
    if "shape" in item:
        rows, columns = item["shape"]
        return f"a {noun} of {rows} rows × {columns} columns"
    if kind == "exception":
        return f"an error: {item.get('error_type', '')}: {item.get('message', '')}"[:200]
    value = item.get("value")
    if isinstance(value, str) and value:
        text = value if len(value) <= 80 else value[:77] + "…"
        return f"{ARTICLES.get(kind, 'a ' + noun)} “{text}”"
    return ARTICLES.get(kind, f"a {noun}")
