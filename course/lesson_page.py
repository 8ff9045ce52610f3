"""A lesson page: the explanation, the myths, before and after side by side (code with the
changed lines marked, and both apps running live), the benchmark, exercises, and navigation."""
from __future__ import annotations

import streamlit as st

from course import benchmark, content, nav, progress

DEMO_HEIGHT = 560


def render(lesson_id: str) -> None:
    data = content.lesson(lesson_id)
    progress.visit(lesson_id)
    st.title(f"{data['number']}. {data['title']}")
    st.caption(data["summary"])
    st.markdown(data["text"])
    myths(data["myths"])
    st.header("Before and after", divider="gray")
    side_by_side(data)
    st.header("Benchmark", divider="gray")
    benchmark.panel(lesson_id)
    practise(data["exercises"])
    neighbours(lesson_id)


def myths(items: list[dict]) -> None:
    if not items:
        return
    with st.container(border=True):
        st.markdown(f"**:material/science: Myths, checked on Streamlit {st.__version__}**")
        for item in items:
            st.markdown(f":red[:material/close:] *{item['myth']}*  \n"
                        f":green[:material/check:] {item['truth']}")


def side_by_side(data: dict) -> None:
    removed, added = data["changed"]
    before, after = st.columns(2, gap="medium")
    with before:
        st.subheader(":material/hourglass_bottom: Before — slow")
        st.caption(_lines(removed, "marked red", "in the fast version",
                          "Nothing here changes: the fast version only adds lines."))
        st.html(data["before_html"])
    with after:
        st.subheader(":material/bolt: After — fast")
        st.caption(_lines(added, "marked green", "from the slow version",
                          "No line is added."))
        st.html(data["after_html"])
    st.markdown("**Try both.** Each side is a real Streamlit app in its own session: use it and "
                "watch its last rerun time and how often "
                f"`{data['expensive']}` ran.")
    live_before, live_after = st.columns(2, gap="medium")
    # Labelled: on a phone the two stack, and nothing else says which is which.
    live_before.markdown("**:material/hourglass_bottom: Before — slow, live**")
    live_before.iframe(nav.demo_url(data["id"], "before"), height=DEMO_HEIGHT)
    live_after.markdown("**:material/bolt: After — fast, live**")
    live_after.iframe(nav.demo_url(data["id"], "after"), height=DEMO_HEIGHT)


def _lines(count: int, marked: str, where: str, none: str) -> str:
    """"1 line marked red differs in …", "3 lines marked red differ in …"."""
    if not count:
        return none
    return (f"1 line {marked} differs {where}." if count == 1 else
            f"{count} lines {marked} differ {where}.")


def practise(exercises: list[dict]) -> None:
    if not exercises:
        return
    st.header("Practise", divider="gray")
    for item in exercises:
        st.page_link(nav.current()["exercise:" + item["id"]],
                     label=f"Exercise: {item['title']}", icon=":material/edit:")


def neighbours(lesson_id: str) -> None:
    order = [item["id"] for item in content.lesson_list()]
    index = order.index(lesson_id)
    pages = nav.current()
    st.divider()
    left, right = st.columns(2)
    if index > 0:
        left.page_link(pages[order[index - 1]], label="Previous lesson", icon=":material/arrow_back:")
    else:
        left.page_link(pages["home"], label="Course map", icon=":material/map:")
    if index + 1 < len(order):
        right.page_link(pages[order[index + 1]], label="Next lesson", icon=":material/arrow_forward:")
    else:
        right.page_link(pages["about"], label="Run it yourself", icon=":material/info:")
