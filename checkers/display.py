"""Turn an AppTest element tree into plain, comparable data: what the app displayed.

Graders compare the learner's display with the reference solution's for the same interaction,
so the result must be deterministic (no random element ids), JSON-safe (it crosses a process
boundary) and bounded (an app may show a huge object). Every value is converted to a plain
type here, inside the sandbox: learner objects never leave it, so a learner object whose
``__eq__`` always says True cannot fool the comparison.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import hashlib
import json
import math
from typing import Any

from google.protobuf.json_format import MessageToDict

MAX_TEXT = 2_000
MAX_ROWS = 50
MAX_ITEMS = 200
_VOLATILE_FIELDS = {"id", "formId", "fragmentId", "dataframeSourceId"}


def plain(value: Any, depth: int = 0) -> Any:
    """A JSON-safe, size-bounded copy of ``value``; unknown objects become a short tag."""
    if depth > 6:
        return "…"
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, bytes):
        return {"bytes": len(value), "sha256": hashlib.sha256(value).hexdigest()[:16]}
    if isinstance(value, (decimal.Decimal, _dt.date, _dt.time, _dt.timedelta)):
        return str(value)
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ITEMS]
        return {str(k): plain(v, depth + 1) for k, v in items}
    if isinstance(value, (list, tuple, set, frozenset)):
        seq = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [plain(v, depth + 1) for v in list(seq)[:MAX_ITEMS]]
    frame = _as_frame(value)
    if frame is not None:
        return frame_summary(frame)
    if hasattr(value, "item") and hasattr(value, "dtype"):
        try:
            return plain(value.item(), depth + 1)
        except (TypeError, ValueError):
            pass
    return {"object": type(value).__name__}


def _as_frame(value: Any):
    import pandas as pd

    if isinstance(value, pd.Series):
        return value.to_frame()
    if isinstance(value, pd.DataFrame):
        return value
    return None


def frame_summary(frame) -> dict:
    """Shape, columns, the first rows and a digest of the whole frame."""
    import pandas as pd

    head = json.loads(frame.head(MAX_ROWS).to_json(orient="split", date_format="iso"))
    try:
        cells = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    except TypeError:  # unhashable cells (lists, dicts): fall back to their text
        cells = frame.to_csv(index=True).encode()
    names = "\x1f".join(map(str, frame.columns)).encode()
    return {
        "shape": list(frame.shape),
        "columns": [str(c) for c in frame.columns],
        "rows": head.get("data", []),
        "digest": hashlib.sha256(names + cells).hexdigest()[:16],
    }


def _proto_plain(proto) -> Any:
    data = MessageToDict(proto, preserving_proto_field_name=False)
    return _scrub(data)


def _scrub(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _scrub(v) for k, v in sorted(data.items()) if k not in _VOLATILE_FIELDS}
    if isinstance(data, list):
        return [_scrub(v) for v in data[:MAX_ITEMS]]
    if isinstance(data, str) and len(data) > MAX_TEXT:
        return {"text": len(data), "sha256": hashlib.sha256(data.encode()).hexdigest()[:16]}
    return data


def element(node) -> dict:
    """One displayed element as plain data."""
    from streamlit.testing.v1 import element_tree as et

    kind = node.type
    out: dict[str, Any] = {"type": kind}
    if isinstance(node, et.Widget):
        out["label"] = plain(getattr(node, "label", None))
        if kind in ("button", "download_button"):  # a click is a one-run trigger nobody sees
            return out
        try:
            out["value"] = plain(node.value)
        except Exception:  # a widget whose state cannot be read still shows its label
            out["value"] = None
        return out
    if isinstance(node, (et.Dataframe, et.Table)):
        out.update(frame_summary(node.value))
        return out
    if isinstance(node, et.Exception):
        out["message"] = plain(node.message)
        out["error_type"] = plain(node.proto.type)
        return out
    if isinstance(node, et.Metric):
        out.update(label=node.label, value=node.value, delta=node.proto.delta)
        return out
    if isinstance(node, et.UnknownElement):
        out["proto"] = _proto_plain(node.proto)
        return out
    try:
        out["value"] = plain(node.value)
    except Exception:
        out["proto"] = _proto_plain(node.proto)
    return out


def tree(root) -> list[dict]:
    """The main area and sidebar of an element tree, in display order."""
    shown = []
    for index in sorted(root.children):
        block = root.children[index]
        if block.type in ("main", "sidebar"):
            kids = _children(block)
            if kids or block.type == "main":
                shown.append({"type": block.type, "children": kids})
    return shown


def _children(block) -> list[dict]:
    from streamlit.testing.v1 import element_tree as et

    out = []
    for index in sorted(block.children):
        node = block.children[index]
        if isinstance(node, et.Block):
            entry: dict[str, Any] = {"type": node.type}
            label = getattr(node, "label", None)
            if isinstance(label, str):
                entry["label"] = label
            entry["children"] = _children(node)
            out.append(entry)
        else:
            out.append(element(node))
    return out


def flatten(display: list[dict]) -> list[dict]:
    """Leaf elements in display order (containers and unfilled ``st.empty`` placeholders
    dropped): what a reader sees, top to bottom."""
    out = []
    for item in display:
        if "children" in item:
            out.extend(flatten(item["children"]))
        elif item.get("type") != "empty":
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


def visible(display: list[dict], tab: str | None) -> list[dict]:
    """Leaf elements a user sees when ``tab`` is open: of each set of tabs only the open one
    (the first when ``tab`` is none of its labels). Plain ``st.tabs`` run every tab's code,
    but a reader sees one tab at a time."""
    out = []
    for item in display:
        if item.get("type") == "tab_container":
            tabs = item.get("children", [])
            shown = [t for t in tabs if t.get("label") == tab] or tabs[:1]
            out.extend(visible(shown, tab))
        elif "children" in item:
            out.extend(visible(item["children"], tab))
        elif item.get("type") != "empty":
            out.append(item)
    return out


def widget_value(step: dict, label: str):
    """The value a widget (by label) showed after a step, or None."""
    for item in flatten(step["display"]):
        if item.get("label") == label and "value" in item:
            return item["value"]
    return None


def describe(item: dict) -> str:
    """A short human description of one element, for feedback messages."""
    kind = item.get("type", "element")
    if "label" in item and "value" in item:
        return f"{kind} '{item['label']}' = {item['value']!r}"
    if "label" in item:
        return f"{kind} '{item['label']}'"
    if "shape" in item:
        return f"{kind} of {item['shape'][0]} rows × {item['shape'][1]} columns"
    if "message" in item:
        return f"an error: {item['message']}"
    value = item.get("value")
    if isinstance(value, str):
        text = value if len(value) <= 80 else value[:77] + "…"
        return f"{kind} “{text}”"
    if kind == "vega_lite_chart":
        return "a chart"
    return kind
