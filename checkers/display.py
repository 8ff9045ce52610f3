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


# ---------------------------------------------------------------- the page as a user sees it
#: Containers a user sees as such: their boundaries are part of the layout.
LAYOUT = {"main", "sidebar", "form", "column", "row", "box", "tab_container", "tab",
          "expandable", "status", "popover", "dialog", "chat_message"}
CONTAINER_NAMES = {"main": "the page", "sidebar": "the sidebar", "form": "a form",
                   "column": "a column", "row": "a row of columns", "box": "a bordered box",
                   "tab_container": "a set of tabs", "tab": "a tab", "expandable": "an expander",
                   "status": "a status box", "popover": "a popover", "dialog": "a dialog",
                   "chat_message": "a chat message"}
TABLES = ("dataframe", "table")


def seen(display: list[dict], *, open_only: bool = False, tab: str | None = None,
         ignore: tuple[str, ...] = (), alike: dict | None = None) -> list[dict]:
    """The page as a user sees it, to compare with another page: layout containers (columns,
    tabs, forms, expanders, the sidebar …) kept; plain ``st.container()`` blocks and filled
    placeholders dissolved into the flow around them; cleared placeholders dropped; a table
    with a hidden index compared by its columns and cells only. With ``open_only`` each set
    of tabs shows only its open tab (``tab`` when the browser's choice is unknown).
    ``ignore``: kinds left out (a container of such a kind is dissolved into the flow);
    ``alike``: kinds that count as another (``{"form_submit_button": "button"}``)."""
    out: list[dict] = []
    for item in display:
        kind = item.get("type")
        if "children" not in item:
            if kind not in HIDDEN and kind not in ignore:
                leaf = _leaf(item)
                if alike and kind in alike:
                    leaf = {**leaf, "type": alike[kind]}
                out.append(leaf)
            continue
        if kind == "flex_container":
            kind = "row" if item.get("direction") == "row" else \
                "box" if item.get("border") else None
        children = item["children"]
        if kind == "tab_container" and open_only:
            chosen = item.get("open") or tab
            children = [t for t in children if t.get("label") == chosen] or children[:1]
        inner = seen(children, open_only=open_only, tab=tab, ignore=ignore, alike=alike)
        if kind in LAYOUT and kind not in ignore:
            node = {"type": kind, "children": inner}
            for extra in ("label", "state"):
                if extra in item:
                    node[extra] = item[extra]
            out.append(node)
        else:  # plain containers, placeholders, spinners' holders: part of the flow
            out.extend(inner)
    return out


def _leaf(item: dict) -> dict:
    if "key" in item and item.get("type") != "component":  # a widget's key: nobody sees it
        item = {k: v for k, v in item.items() if k != "key"}
    if item.get("type") in TABLES and "digest" in item:
        leaf = {k: v for k, v in item.items() if k not in ("digest", "values", "index")}
        if item.get("hide_index"):
            leaf["cells"] = item.get("values", item["digest"])
        else:
            leaf["cells"], leaf["index"] = item["digest"], item.get("index")
        return leaf
    return item


def leaves(view: list[dict]) -> list[dict]:
    """The elements of a ``seen`` page, top to bottom, without their containers."""
    return flatten(view)


def container_name(node: dict) -> str:
    kind = node.get("type", "")
    if kind == "row":
        return f"a row of {len(node.get('children', []))} columns"
    if kind == "tab_container":
        labels = ", ".join(f"'{t.get('label', '')}'" for t in node.get("children", [])[:6])
        return f"tabs {labels}"
    if "label" in node and kind in ("tab", "expandable", "popover", "status"):
        return f"the {'expander' if kind == 'expandable' else kind} '{node['label']}'"
    return CONTAINER_NAMES.get(kind, "a container")


def name_of(node: dict) -> str:
    """An element or a container, by kind and label, never by what it shows."""
    return container_name(node) if "children" in node else named(node)


def where(path: list[tuple[dict, int]]) -> str:
    """'in the sidebar, in column 2 of 3': where a difference is. ``path`` holds each
    container entered and its position among its parent's children."""
    said = []
    for depth, (node, position) in enumerate(path):
        kind = node.get("type")
        if kind in ("main", "row", "tab_container"):  # said by the column or tab inside
            continue
        if kind == "column":
            parent = path[depth - 1][0] if depth else {}
            said.append(f"in column {position + 1} of {len(parent.get('children', []))}")
        else:
            said.append(f"in {container_name(node)}")
    return ", ".join(said)


def difference(got: list[dict], want: list[dict], path: list | None = None) -> str | None:
    """Where the learner's page (``seen``) first differs from the reference's, in words a
    learner can act on, without quoting what either page shows (it holds this grading's
    data)."""
    path = path or []
    place = where(path)
    place = f" ({place})" if place else ""
    for index, (g, w) in enumerate(zip(got, want)):
        if g == w:
            continue
        if "children" in g and "children" in w and g.get("type") == w.get("type") and \
                g.get("label") == w.get("label"):
            if g["type"] == "row" and len(g["children"]) != len(w["children"]):
                return (f"the reference lays out {container_name(w)} here{place}; "
                        f"your app has {container_name(g)}.")
            if g["type"] == "status" and g.get("state") != w.get("state"):
                return (f"{container_name(g)}{place} is {g.get('state')}, where the "
                        f"reference's is {w.get('state')}.")
            inner = difference(g["children"], w["children"], path + [(g, index)])
            if inner:
                return inner
            continue
        if "children" in w and "children" not in g:
            return (f"the reference shows {container_name(w)} here{place}, holding "
                    f"{_holding(w)}; your app shows {named(g)} instead.")
        if "children" in g and "children" not in w:
            return (f"your app shows {container_name(g)} here{place}, where the reference "
                    f"shows {named(w)}.")
        if _reordered(got[index:], want[index:]):
            return (f"your page shows the same elements{place} in another order: the "
                    f"reference shows {name_of(w)} here, your app {name_of(g)}.")
        if name_of(g) == name_of(w):
            return f"{name_of(g)}{place} shows something other than the reference's."
        return f"the reference shows {name_of(w)} here{place}; your app shows {name_of(g)}."
    if len(got) < len(want):
        return f"your app is missing {name_of(want[len(got)])}{place} (and anything after it)."
    if len(got) > len(want):
        return (f"your app shows more than the reference{place}: {name_of(got[len(want)])} "
                "(and anything after it) is not on the reference's page.")
    return None


def _reordered(got: list[dict], want: list[dict]) -> bool:
    """The same elements (by kind and label) in another order."""
    names = sorted(name_of(n) for n in got)
    return len(got) == len(want) and names == sorted(name_of(n) for n in want) and \
        [name_of(n) for n in got] != [name_of(n) for n in want]


def _holding(node: dict) -> str:
    inside = leaves(node.get("children", []))
    if not inside:
        return "nothing"
    first = ", ".join(named(i) for i in inside[:2])
    return first + (" …" if len(inside) > 2 else "")
