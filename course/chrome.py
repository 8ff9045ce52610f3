"""What every page shares: the sidebar (progress link, workshop mode) and page styles."""
from __future__ import annotations

import streamlit as st

import speedlit
from checkers import course
from course import progress

STYLE = """
<style>
.speedlit-code pre { font-size: %(size)s; border-radius: .5rem; padding: .75rem .5rem;
  overflow-x: auto; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.speedlit-code { margin-bottom: .75rem; }
%(extra)s
</style>
"""
WORKSHOP = """
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.2rem; }
code, pre { font-size: 1.15rem !important; }
"""


def sidebar() -> None:
    """The learner's profile (name, class, resume code) and workshop mode."""
    me = progress.identify()
    with st.sidebar:
        profile(me)
        workshop = st.toggle("Workshop mode", key="workshop",
                             help="Larger text and code, for a projector.")
        st.caption(f"Streamlit {st.__version__}")
    styles(workshop)


@st.fragment
def profile(me: dict | None) -> None:
    """Who is learning: their name and class, and the code that brings their work back."""
    me = progress.identify()
    if progress.login_configured():
        if me is None:
            st.button("Log in to keep your progress", icon=":material/login:", on_click=st.login)
            return
        st.caption(f"Signed in as **{me['name']}**")
        st.button("Log out", icon=":material/logout:", on_click=st.logout)
    elif me is None:
        st.error("No profile has the resume code in this page's link.",
                 icon=":material/person_off:")
        code = st.text_input("Your resume code", key="profile:use-unknown")
        if st.button("Continue with this code", key="profile:use-unknown-go") and code:
            problem = progress.use_code(code)
            st.error(problem) if problem else st.rerun()
        if st.button("Start a new profile", key="profile:new"):
            progress.start_new()
            st.rerun()
        return
    room = progress.class_name()
    label = me["name"] + (f" · {room}" if room else "")
    with st.expander(label, icon=":material/person:"):
        name = st.text_input("Your name", value=me["name"], max_chars=80, key="profile:name")
        if name != me["name"] and st.button("Save name", key="profile:rename"):
            problem = progress.rename(name)
            st.error(problem) if problem else st.rerun(scope="app")
        if not room:
            code = st.text_input("Class code from your teacher", max_chars=12,
                                 key="profile:class")
            if st.button("Join the class", key="profile:join") and code:
                problem = progress.join(code)
                st.error(problem) if problem else st.rerun(scope="app")
        if me.get("code"):
            st.markdown("**Your resume code**")
            st.code(me["code"], language=None)
            st.caption("With this code you continue on any device; this page's link holds it "
                       "too. Keep it to yourself: it opens your work.")
            other = st.text_input("Continue with another code", key="profile:use")
            if st.button("Use this code", key="profile:use-go") and other:
                problem = progress.use_code(other)
                st.error(problem) if problem else st.rerun(scope="app")


def styles(workshop: bool = False) -> None:
    size = "1.15rem" if workshop else ".85rem"
    st.html(STYLE % {"size": size, "extra": WORKSHOP if workshop else ""})


def demo_run_started() -> None:
    """Count a demo's script run when it starts: a run that ``st.rerun()`` cuts short never
    reaches the stats line, but it was a run (the lesson says a click costs two)."""
    st.session_state["_demo_runs"] = st.session_state.get("_demo_runs", 0) + 1


def demo_stats(box, url_path: str, seconds: float) -> None:
    """Above a demo app (in ``box``, reserved before it ran): how long its last full rerun
    took, how often the script ran (runs cut short included) and how often its expensive
    step ran in this tab."""
    lesson_id = url_path.removeprefix("demo-").rsplit("-", 1)[0]
    expensive = _expensive(lesson_id)
    runs = st.session_state.get("_demo_runs", 0)
    count = speedlit.session_count(expensive) if expensive else 0
    box.caption(f":material/timer: last full rerun **{seconds:.2f} s** · script ran **{runs}×** · "
                f"`{expensive}` ran **{count}×** in this tab")


@st.cache_data(show_spinner=False)
def _expensive(lesson_id: str) -> str:
    return course.load_lesson(lesson_id).expensive
