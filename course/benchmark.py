"""The lesson benchmark: replay the lesson's fixed interactions on the before and after apps,
headless, through the grading engine's runner (in its sandbox), and compare."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from checkers import course
from course.grading_service import service


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def measure(lesson_id: str) -> dict:
    """Per interaction, for both apps: modelled seconds and expensive-step counts."""
    lesson = course.load_lesson(lesson_id)
    runs = [service().run_app(source, lesson.scenario) for source in (lesson.before, lesson.after)]
    sides = {}
    for side, ticket in zip(("Before", "After"), runs):
        outcome = ticket.future.result()
        if outcome.error:
            raise BenchmarkFailed(f"The {side.lower()} app could not be measured: "
                                  f"{outcome.error['message']}")
        sides[side] = outcome.value["steps"]
    rows = []
    for number, (before, after) in enumerate(zip(sides["Before"], sides["After"]), 1):
        rows.append({
            "step": f"{number}. {before['said']}",  # numbered: steps may repeat, order matters
            "before_s": before["latency"] + before["seconds"],
            "after_s": after["latency"] + after["seconds"],
            "before_calls": before["calls"].get(lesson.expensive, 0),
            "after_calls": after["calls"].get(lesson.expensive, 0),
            "before_runs": _runs(before["runs"]), "after_runs": _runs(after["runs"]),
        })
    total_before = sum(r["before_s"] for r in rows)
    total_after = sum(r["after_s"] for r in rows)
    return {"rows": rows, "total_before": total_before, "total_after": total_after,
            "ratio": total_before / total_after if total_after else float("inf"),
            "expensive": lesson.expensive}


class BenchmarkFailed(Exception):
    """The sandbox could not run one of the lesson's apps (its text says why)."""


def _runs(runs: dict) -> str:
    parts = [f"{n} {kind}" for kind, n in sorted(runs.items())]
    return ", ".join(parts) or "no rerun"


@st.fragment
def panel(lesson_id: str) -> None:
    """The benchmark button and its result; a fragment, so using it reruns nothing else."""
    key = f"bench:{lesson_id}"
    if st.button("Run the benchmark", icon=":material/speed:", key=f"run-{lesson_id}", type="primary"):
        with st.spinner("Replaying the same interactions on both apps in the sandbox…"):
            try:
                st.session_state[key] = measure(lesson_id)
            except BenchmarkFailed as exc:
                st.error(str(exc), icon=":material/error:")
    result = st.session_state.get(key)
    if not result:
        st.caption("Runs both apps through the same fixed clicks, headless, and counts.")
        return
    show(result)


def show(result: dict) -> None:
    rows = pd.DataFrame(result["rows"])
    left, mid, right = st.columns(3)
    left.metric("Before, all steps", f"{result['total_before']:.2f} s")
    mid.metric("After, all steps", f"{result['total_after']:.2f} s")
    right.metric("Speed-up", f"{result['ratio']:.1f}×")
    chart = rows.set_index("step")[["before_s", "after_s"]].rename(
        columns={"before_s": "Before", "after_s": "After"})
    st.bar_chart(chart, stack=False, horizontal=True, sort=False, y_label="",
                 x_label="seconds per step",
                 color=["#f85149", "#2ea043"])
    table = rows.rename(columns={
        "step": "Interaction", "before_calls": f"before: {result['expensive']}",
        "after_calls": f"after: {result['expensive']}", "before_runs": "before: reruns",
        "after_runs": "after: reruns"}).drop(columns=["before_s", "after_s"])
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("Seconds are modelled: the latency of each course service the app called "
               "(`speedlit.read_sales()` takes 1.5 s, …) plus the time each step took in the "
               "sandbox. Counts are exact.")
