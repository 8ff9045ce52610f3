"""The page a user sees, as plain data the judge can compare and quote.

Built from a tab's ``Page`` (what the app sent) and the tab's widget values (what the browser
holds), never from the app's own objects. Every value is bounded: text is cut, tables are
summarised by shape, columns, their first rows and a digest of all cells. Arrow data comes
from untrusted code, so it is size-checked and validated before pandas reads it; anything
that does not parse is shown as "unreadable", which simply differs from the reference.
"""
from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import OrderedDict
from typing import Any

from checkers.judge import widgets
from checkers.judge.page import Block, Element, Page, Transient

MAX_TEXT = 2_000
MAX_ROWS = 50
MAX_COLUMNS = 50
MAX_CELL = 200
MAX_ITEMS = 200
MAX_ARROW = 16 << 20
MAX_CELLS = 5_000_000
TOGGLE = 1  # Checkbox.StyleType.TOGGLE
HORIZONTAL = 2  # Block.FlexContainer.Direction.HORIZONTAL
STATUS_STATES = {1: "running", 2: "complete", 3: "error"}  # Block.Expandable.State
HEADINGS = {"h1": "title", "h2": "header", "h3": "subheader"}
MARKDOWN = {2: "caption", 3: "code", 4: "latex", 5: "divider"}
ALERTS = {1: "error", 2: "warning", 3: "info", 4: "success"}
_VOLATILE = {"id", "formId", "fragmentId", "dataframeSourceId"}


def text(value: Any) -> str:
    value = str(value)
    return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"


def plain(value: Any, depth: int = 0) -> Any:
    """A JSON-safe, bounded copy of plain data."""
    if depth > 6:
        return "…"
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {str(k)[:200]: plain(v, depth + 1) for k, v in list(value.items())[:MAX_ITEMS]}
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in list(value)[:MAX_ITEMS]]
    return text(repr(value)[:200])


# ---------------------------------------------------------------- tables
def arrow_frame(data: bytes):
    """A DataFrame from Arrow IPC bytes sent by the app, or None when they do not parse."""
    if not data or len(data) > MAX_ARROW:
        return None
    import pyarrow as pa

    try:
        table = pa.ipc.open_stream(pa.py_buffer(data)).read_all()
        if table.num_rows * max(1, table.num_columns) > MAX_CELLS:
            return None
        table.validate(full=True)
        return table.to_pandas()
    except Exception:  # any malformed stream: the element shows as unreadable
        return None


def frame_summary(frame, raw: bytes = b"") -> dict:
    """Shape, columns, the first rows (cells cut short) and a digest of the whole frame.
    Values pandas cannot hash (lists in cells) are digested from ``raw``, the Arrow bytes, not
    by rendering every cell as text (which an app could make arbitrarily slow)."""
    import pandas as pd

    head_frame = frame.iloc[:MAX_ROWS, :MAX_COLUMNS]
    try:
        head = json.loads(head_frame.to_json(orient="split", date_format="iso",
                                             default_handler=str))
    except (ValueError, TypeError, OverflowError, RecursionError):
        head = {"data": []}
    try:
        cells = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    except (TypeError, ValueError):
        cells = hashlib.blake2b(raw, digest_size=32).digest()
    try:
        values = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    except (TypeError, ValueError):
        values = cells
    names = "\x1f".join(map(str, frame.columns)).encode()
    index = "\x1f".join(map(str, frame.index[:MAX_ROWS])).encode()
    return {
        "shape": list(frame.shape),
        "columns": [text(c)[:200] for c in frame.columns][:MAX_ITEMS],
        "index": [_cell(i) for i in list(frame.index[:MAX_ROWS])],
        "rows": [[_cell(v) for v in row] for row in head.get("data", [])[:MAX_ROWS]],
        "digest": hashlib.sha256(names + index + cells).hexdigest()[:16],
        # what a table with a hidden index shows: columns and cells, not the row labels
        "values": hashlib.sha256(names + values).hexdigest()[:16],
    }


def _cell(value: Any) -> Any:
    shown = plain(value, 5)
    return shown if not isinstance(shown, str) or len(shown) <= MAX_CELL else \
        shown[:MAX_CELL] + "…"


_summaries: OrderedDict = OrderedDict()
_summaries_lock = threading.Lock()
MAX_SUMMARIES = 256
MAX_REMEMBERED_BYTES = 64 << 10


def summary_of(data: bytes) -> dict | None:
    """``frame_summary`` of Arrow bytes, remembered by their digest (small summaries only, a
    bounded number): steps and gradings show the same tables again and again."""
    key = hashlib.blake2b(data, digest_size=16).digest()
    with _summaries_lock:
        found = _summaries.get(key)
        if found is not None:
            _summaries.move_to_end(key)
            return found
    frame = arrow_frame(data)
    made = frame_summary(frame, data) if frame is not None else None
    if made is None or len(json.dumps(made, default=str)) <= MAX_REMEMBERED_BYTES:
        with _summaries_lock:
            _summaries[key] = made
            while len(_summaries) > MAX_SUMMARIES:
                _summaries.popitem(last=False)
    return made


def _table(kind: str, body) -> dict:
    out: dict[str, Any] = {"type": kind}
    summary = summary_of(body.arrow_data.data) if body.arrow_data.data else None
    if summary is None:
        out["data"] = "unreadable" if body.arrow_data.data else "empty"
        return out
    out.update(summary)
    hidden = getattr(body, "hide_index", False)
    if kind == "dataframe":
        try:
            config = json.loads(body.columns[: 1 << 20] or "{}")
            hidden = bool(config.get("_index", {}).get("hidden"))
        except (ValueError, AttributeError, TypeError):
            hidden = False
    if hidden:
        out["hide_index"] = True
    return out


def _chart(body) -> dict:
    try:
        spec = json.loads(body.spec[: 1 << 20])
    except ValueError:
        spec = {}
    layers = spec.get("layer", [spec]) if isinstance(spec, dict) else []
    marks = []
    for layer in layers if isinstance(layers, list) else []:
        mark = layer.get("mark") if isinstance(layer, dict) else None
        marks.append(mark.get("type") if isinstance(mark, dict) else mark)
    data = [(summary_of(d.data.data) or {}).get("digest", "unreadable")
            for d in list(body.datasets)[:8]]
    if body.data.data:
        data.append((summary_of(body.data.data) or {}).get("digest", "unreadable"))
    return {"type": "chart", "marks": plain(marks), "data": data}


# ---------------------------------------------------------------- elements
def element(node: Element, browser=None, light: bool = False) -> dict:
    kind, body = node.kind, node.body
    if light and kind in ("dataframe", "table", "vega_lite_chart"):
        return {"type": "chart" if kind == "vega_lite_chart" else kind}
    out: dict[str, Any] = {"type": kind}
    if kind == "component_instance":
        try:
            args = json.loads(body.json_args[: 1 << 20] or "{}")
        except ValueError:
            args = {}
        return {"type": "component", "name": text(body.component_name)[:200],
                "key": widgets.user_key(body.id), "args": plain(args),
                "value": plain(browser.value_of(body.id, body.form_id) if browser else None)}
    if kind in widgets.WIDGETS:
        if kind == "checkbox" and body.type == TOGGLE:
            out["type"] = "toggle"
        out["label"] = text(body.label)
        key = widgets.user_key(body.id)
        if key:
            out["key"] = text(key)[:200]
        if kind not in widgets.TRIGGERS:
            value = browser.value_of(body.id, getattr(body, "form_id", "")) if browser else None
            if isinstance(value, list) and len(value) == 1 and kind == "slider":
                value = value[0]
            out["value"] = plain(value)
        elif kind == "button" and body.is_form_submitter:
            out["type"] = "form_submit_button"
        return out
    if kind == "heading":
        return {"type": HEADINGS.get(body.tag, "heading"), "value": text(body.body)}
    if kind == "markdown":
        return {"type": MARKDOWN.get(body.element_type, "markdown"), "value": text(body.body)}
    if kind == "alert":
        return {"type": ALERTS.get(body.format, "alert"), "value": text(body.body)}
    if kind == "metric":
        return {"type": "metric", "label": text(body.label), "value": text(body.body),
                "delta": text(body.delta)}
    if kind in ("dataframe", "table"):
        return _table(kind, body)
    if kind == "vega_lite_chart":
        return _chart(body)
    if kind == "exception":
        return {"type": "exception", "error_type": text(body.type)[:200],
                "message": text(body.message)}
    if kind == "progress":
        return {"type": "progress", "value": int(body.value), "text": text(body.text)}
    if kind in ("text", "json", "toast"):
        return {"type": kind, "value": text(body.body)}
    if kind == "code":
        return {"type": "code", "value": text(body.code_text), "language": text(body.language)}
    if kind == "page_link":
        return {"type": "page_link", "label": text(body.label), "page": text(body.page)}
    if kind == "spinner":
        return {"type": "spinner", "value": text(body.text)}
    if kind == "empty":
        return {"type": "empty"}
    if body is not None:
        from google.protobuf.json_format import MessageToDict

        try:
            out["proto"] = _scrub(MessageToDict(body))
        except Exception:
            out["proto"] = "unreadable"
    return out


def _scrub(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _scrub(v) for k, v in sorted(data.items())[:MAX_ITEMS] if k not in _VOLATILE}
    if isinstance(data, list):
        return [_scrub(v) for v in data[:MAX_ITEMS]]
    if isinstance(data, str) and len(data) > MAX_TEXT:
        return {"text": len(data), "sha256": hashlib.sha256(data.encode()).hexdigest()[:16]}
    return data


def _block(node: Block, browser, light: bool) -> dict:
    kind = node.kind
    entry: dict[str, Any] = {"type": kind}
    inner = getattr(node.proto, kind, None) if node.proto is not None else None
    label = getattr(inner, "label", None)
    if isinstance(label, str) and label:
        entry["label"] = text(label)
    if kind == "tab_container" and browser is not None:
        entry["open"] = browser.open_tab(node)
    if kind == "flex_container" and inner is not None:
        if inner.direction == HORIZONTAL:
            entry["direction"] = "row"
        if inner.border:
            entry["border"] = True
    if kind == "expandable" and inner is not None and inner.state:
        entry["type"] = "status"  # st.status: an expander with a state
        entry["state"] = STATUS_STATES.get(inner.state, "unknown")
    entry["children"] = [_node(child, browser, light) for child in node.children]
    return entry


def _node(node, browser, light: bool) -> dict:
    if isinstance(node, Block):
        return _block(node, browser, light)
    if isinstance(node, Transient):
        shown = [_node(node.anchor, browser, light)] if node.anchor is not None else []
        shown += [element(e, browser, light) for e in node.elements]
        return {"type": "transient", "children": shown}
    return element(node, browser, light)


def page(view: Page, browser=None, light: bool = False) -> list[dict]:
    """The main area and the sidebar, in display order (``light``: tables and charts by kind
    only, for the many snapshots taken while the app waits). ``browser`` is the browser tab
    (``browser.Tab``: the widget values it holds, the tab it shows); a tab container notes which tab is open."""
    shown = []
    for name, root in zip(("main", "sidebar"), view.roots[:2]):
        children = [_node(child, browser, light) for child in root.children]
        if children or name == "main":
            shown.append({"type": name, "children": children})
    return shown


def exceptions(view: Page, script: str = "app.py") -> list[dict]:
    """Errors the page shows, with the line of the learner's script each one points at."""
    import re

    line_of = re.compile(r'File "(?P<file>[^"]{1,500})", line (?P<line>\d{1,9})\b')
    found = []
    for node, _ in view.elements():
        if node.kind != "exception":
            continue
        body = node.body
        line = None
        for frame in list(body.stack_trace)[:200]:
            match = line_of.search(frame)
            if match and match["file"].rsplit("/", 1)[-1] == script:
                line = int(match["line"])
        found.append({"type": text(body.type)[:200], "message": text(body.message),
                      "line": line})
    return found
