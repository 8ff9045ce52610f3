"""Show what the sandbox saw: a preview of the learner's app (rebuilt from the plain data the
grader captured — the learner's code never runs in this process) and graded feedback."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from checkers.display import flatten
from checkers.result import Result
from course.content import code_html


def preview(outcome, rebuild: bool = True) -> None:
    """What each of the grader's scripted clicks cost the app, and (``rebuild``: when the app
    is not running live above) its page after the last one, rebuilt as text."""
    if outcome.error:
        _error(outcome.error)
        return
    steps = outcome.value["steps"]
    if rebuild:
        st.markdown("**What your app showed** after the grader's last interaction "
                    f"(“{steps[-1]['said']}”), rebuilt from the sandboxed run:")
        with st.container(border=True):
            for item in flatten(steps[-1]["display"]):
                _element(item)
    table = pd.DataFrame([{
        "interaction": s["said"],
        "script runs": s["runs"].get("script", 0),
        "fragment runs": s["runs"].get("fragment", 0),
        "service calls": ", ".join(f"{k} ×{v}" for k, v in sorted(s["calls"].items()))
        or "none",
    } for s in steps])
    st.markdown("**What the grader's clicks cost** — its scripted run of your app, step by "
                "step:")
    st.dataframe(table, hide_index=True, width="stretch")
    isolation(outcome.isolation)


def _element(item: dict) -> None:
    kind, value = item.get("type"), item.get("value")
    if kind in ("title", "header", "subheader") and isinstance(value, str):
        st.markdown({"title": "## ", "header": "### ", "subheader": "#### "}[kind] + value)
    elif kind in ("markdown", "text", "caption") and isinstance(value, str):
        st.markdown(safe_markdown(value))
    elif kind == "metric":
        st.metric(str(item.get("label", "")), str(item.get("value", "")),
                  item.get("delta") or None)
    elif "shape" in item:
        st.dataframe(pd.DataFrame(item.get("rows", []), columns=item.get("columns")),
                     hide_index=True)
        st.caption(f"{item['shape'][0]} rows × {item['shape'][1]} columns")
    elif "label" in item:
        st.markdown(f"`{kind}` **{safe_markdown(item['label'])}** = "
                    f"`{str(item.get('value'))[:200]!r}`")
    elif kind in ("success", "info", "warning", "error") and isinstance(value, str):
        getattr(st, kind)(safe_markdown(value))
    elif kind == "exception":
        st.error(safe_markdown(f"{item.get('error_type', 'Error')}: {item.get('message', '')}"))
    else:
        st.caption(f"[{kind.replace('_', ' ')}]")


def feedback(result: Result, code: str | None) -> None:
    """Score, each check with its message, and the learner's line pointed at."""
    if result.error:
        _error(result.error)
        return
    if result.passed:
        st.success(f"**All checks pass — {result.score:g}/{result.max_score:g} points.** "
                   "Your app does the same as before with less work.", icon=":material/celebration:")
    else:
        st.warning(f"**{result.score:g}/{result.max_score:g} points — not yet.** "
                   "The checks below say what is still slow or different.",
                   icon=":material/construction:")
    for check in result.checks:
        task = f"Task {check.task} · " if check.task else ""
        mark = ":green[:material/check_circle:]" if check.passed else ":red[:material/cancel:]"
        st.markdown(f"{mark} **{check.name}** — {task}{check.score:g}/{check.max_score:g}")
        if not check.passed and check.message:
            st.markdown(f"> {safe_markdown(check.message)}")
            if check.line and code:
                st.html(_around(code, check.line))
    isolation(result.isolation)


LAYER_NAMES = {"filesystem": "Files", "network": "Network", "processes": "Processes",
               "ipc": "Shared memory and queues", "user": "User", "cgroup": "Job limits (cgroup)",
               "limits": "Process limits", "landlock": "Landlock", "seccomp": "System calls",
               "guard": "Tripwire"}


def isolation(report: dict) -> None:
    """How the app was isolated when it ran: each layer, in force or not."""
    layers = (report or {}).get("layers") or {}
    if not layers:
        return
    on = [name for name, info in layers.items() if info.get("in_force")]
    label = (f"Sandbox: all {len(layers)} layers in force" if len(on) == len(layers)
             else f"Sandbox: {len(on)} of {len(layers)} layers in force")
    icon = ":material/verified_user:" if report.get("confined") else ":material/gpp_maybe:"
    with st.expander(label, icon=icon):
        for name, info in layers.items():
            mark = ":green[:material/check:]" if info.get("in_force") else ":orange[:material/close:]"
            st.markdown(f"{mark} **{LAYER_NAMES.get(name, name)}** — "
                        f"{safe_markdown(str(info.get('detail', '')))}")
        if not report.get("confined"):
            st.warning("This server cannot confine learner code's files and network; it grades "
                       "only because it was told to (single-user use).")


def safe_markdown(text: str) -> str:
    """Text that may quote an app (its errors, its values) as Markdown that can only be text:
    no links, images or HTML outside code spans (inside them nothing renders anyway)."""
    parts = re.split(r"(`+[^`]*`+)", str(text))
    return "".join(part if part.startswith("`") else
                   re.sub(r"([\\\[\]<>])", r"\\\1", part) for part in parts)


def _around(code: str, line: int, context: int = 3) -> str:
    lines = code.splitlines()
    start = max(1, line - context)
    snippet = "\n".join(lines[start - 1: line + context])
    return code_html(snippet, [line - start + 1], "#8a6d1f", first_line=start)


def _error(error: dict) -> None:
    titles = {"syntax": "Python could not read your code", "timeout": "Your app took too long",
              "memory": "Your app used too much memory", "output": "Your app printed too much",
              "crash": "Your app stopped with an error",
              "forbidden": "Your app tried something exercises do not allow",
              "sandbox": "Grading is not available right now"}
    st.error(f"**{titles.get(error['kind'], 'Your app could not be run')}.** "
             f"{safe_markdown(error['message'])}", icon=":material/error:")
