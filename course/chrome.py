"""What every page shares: the sidebar (progress link, workshop mode) and page styles."""
from __future__ import annotations

import streamlit as st

import speedlit
from checkers import course
from course import progress

STYLE = """
<style>
.speedlit-code pre { font-size: %(size)s; border-radius: .5rem; padding: .75rem .5rem;
  overflow-x: auto; margin: 0; }
.speedlit-code { margin-bottom: .75rem; }
%(extra)s
</style>
"""
WORKSHOP = """
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.2rem; }
code, pre { font-size: 1.15rem !important; }
"""


def sidebar() -> None:
    """Workshop mode and the learner's resume link (``?me=`` put back on every page)."""
    progress.learner()
    with st.sidebar:
        workshop = st.toggle("Workshop mode", key="workshop",
                             help="Larger text and code, for a projector.")
        st.caption(f"Streamlit {st.__version__} · your progress link keeps `?me=` in the URL")
    styles(workshop)


def styles(workshop: bool = False) -> None:
    size = "1.15rem" if workshop else ".85rem"
    st.html(STYLE % {"size": size, "extra": WORKSHOP if workshop else ""})


def demo_stats(box, url_path: str, seconds: float) -> None:
    """Above a demo app (in ``box``, reserved before it ran): how long its last full rerun
    took and how often its expensive step ran in this tab."""
    lesson_id = url_path.removeprefix("demo-").rsplit("-", 1)[0]
    expensive = _expensive(lesson_id)
    runs = st.session_state["_demo_runs"] = st.session_state.get("_demo_runs", 0) + 1
    count = speedlit.session_count(expensive) if expensive else 0
    box.caption(f":material/timer: last full rerun **{seconds:.2f} s** · script ran **{runs}×** · "
                f"`{expensive}` ran **{count}×** in this tab")


@st.cache_data(show_spinner=False)
def _expensive(lesson_id: str) -> str:
    return course.load_lesson(lesson_id).expensive
