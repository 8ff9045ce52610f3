"""The app's pages, built from the course manifest: home, one page per lesson (a stable URL
path per lesson id, e.g. ``/cache-data``), one per exercise, about, and the hidden demo pages
that run each lesson's before/after app on its own (embedded in the lesson page)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from checkers import course
from course import content

HERE = Path(__file__).resolve().parent


def _page(render, arg: str, name: str):
    def page() -> None:
        render(arg)

    page.__name__ = name
    return page


def demo_path(lesson_id: str, side: str) -> str:
    return f"demo-{lesson_id}-{side}"


def demo_url(lesson_id: str, side: str) -> str:
    """Same-origin address of a demo page, embedded (no Streamlit chrome)."""
    base = st.get_option("server.baseUrlPath").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/{demo_path(lesson_id, side)}?embed=true&demo=1"


_pages: dict = {}
LESSON_ICONS = {"done": ":material/check_circle:", "started": ":material/timelapse:",
                "new": ":material/radio_button_unchecked:"}


def current() -> dict:
    """The pages of the running app, as the entry point built them for this run."""
    return _pages


def build(learner: bool = True) -> dict:
    """All pages by key: "home", "about", lesson ids, "exercise:<id>", and demo paths; with
    ``learner``, their icons tick what this session's learner did."""
    from course import exercise_page, lesson_page

    pages = {"home": st.Page(HERE / "home.py", title="Course map", icon=":material/map:",
                             default=True)}  # the default page lives at "/"
    from course import progress
    # ticks in the sidebar: kept per session, cheap on reruns
    stand = progress.standing() if learner else {"lessons": {}, "passed": set()}
    for item in content.lesson_list():
        pages[item["id"]] = st.Page(
            _page(lesson_page.render, item["id"], "lesson_" + item["id"].replace("-", "_")),
            title=f"{item['number']}. {item['title']}", url_path=item["id"],
            icon=LESSON_ICONS[stand["lessons"].get(item["id"], "new")])
        folder = course.lesson_folder(item["id"])
        for side in ("before", "after"):
            path = demo_path(item["id"], side)
            pages[path] = st.Page(folder / f"{side}.py", title=f"{item['title']} ({side})",
                                  url_path=path, visibility="hidden")
    for item in content.exercise_list():
        pages["exercise:" + item["id"]] = st.Page(
            _page(exercise_page.render, item["id"], "exercise_" + item["id"].replace("-", "_")),
            title=item["title"], url_path="exercise-" + item["id"],
            icon=":material/task_alt:" if item["id"] in stand["passed"] else ":material/edit:")
    from course import teacher
    pages["teacher"] = st.Page(teacher.dashboard, title="Teacher's dashboard",
                               icon=":material/school:", url_path="teacher")
    pages["about"] = st.Page(HERE / "about.py", title="About · run it yourself", icon=":material/info:",
                             url_path="about")
    global _pages
    _pages = pages
    return pages


def sections(pages: dict) -> dict:
    """The sidebar's grouping of the visible pages."""
    return {
        "Start": [pages["home"]],
        "Lessons": [pages[i["id"]] for i in content.lesson_list()],
        "Exercises": [pages["exercise:" + i["id"]] for i in content.exercise_list()],
        "More": [pages["about"], pages["teacher"]],
        "": [p for k, p in pages.items() if k.startswith("demo-")],
    }
