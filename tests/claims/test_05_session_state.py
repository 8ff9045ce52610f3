"""Claims of lesson 05 (session state, widget keys, callbacks), checked on the pinned Streamlit.

Sandbox tests drive small apps through ``run_app``; what a page reload does is a browser
matter, so that test uses a real ``streamlit run`` server and Chromium. The judge sees only
the page, so apps whose session state a test checks show it in a caption (``SHOW_STATE``).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checkers.display import flatten
from observations import SHOW_STATE, clean, state, texts

REPO = Path(__file__).resolve().parents[2]
LESSON = REPO / "lessons" / "05-session-state"


def seen(step: dict) -> list[dict]:
    """What the user sees. A button's value (was it the trigger of this run?) is not shown:
    after st.rerun() it reads False, after a callback run True, and the page looks the same."""
    return [{k: v for k, v in e.items() if not (e["type"] == "button" and k == "value")}
            for e in flatten(step["display"])]


def test_lesson_apps(run_app):
    scenario = tomllib.loads((LESSON / "lesson.toml").read_text(encoding="utf-8"))["scenario"]
    # each app, plus a last line that shows its session state
    before = run_app((LESSON / "before.py").read_text(encoding="utf-8") + SHOW_STATE, scenario)
    after = run_app((LESSON / "after.py").read_text(encoding="utf-8") + SHOW_STATE, scenario)
    clean(before)
    clean(after)
    # before: every click runs the script twice (the click's run, then st.rerun())
    assert [s["runs"] for s in before["steps"]] == [{"script": n} for n in (1, 2, 2, 2, 1, 2)]
    assert before["runs"] == {"script": 10} and before["calls"] == {"orders_page": 10}
    # after: the callback changes the page before the one run
    assert after["runs"] == {"script": 6} and after["calls"] == {"orders_page": 6}
    for b, a in zip(before["steps"], after["steps"]):
        assert seen(b) == seen(a), b["said"]
        assert state(b) == state(a)
    assert [state(s)["page"] for s in after["steps"]] == [1, 2, 3, 2, 2, 3]
    assert [next(t for t in texts(s) if t.startswith("Page ")) for s in after["steps"]] == \
        ["Page 1", "Page 2", "Page 3", "Page 2", "Page 2", "Page 3"]


PER_SESSION = """
    import streamlit as st

    st.write(f"keys at start: {sorted(st.session_state.keys())}")
    if "count" not in st.session_state:
        st.session_state.count = 0

    def add():
        st.session_state.count += 1

    st.button("Add", on_click=add)
    st.write(f"count={st.session_state.count}")
"""


INITIALISE = """
    import streamlit as st
    import speedlit

    if "page" not in st.session_state:
        speedlit.slow("initialise", 0)
        st.session_state.page = 1

    if st.button("Next"):
        st.session_state["page"] += 1  # item syntax ...
    st.write(f"page={st.session_state.page}")  # ... and attribute syntax: one entry
    st.caption(f"state: {st.session_state.to_dict()!r}")
"""


def test_state_is_per_session(run_app):
    value = run_app(PER_SESSION, [{"do": "start"}, {"do": "click", "widget": "Add"},
                                  {"do": "click", "widget": "Add"}, {"do": "start", "session": 1},
                                  {"do": "rerun", "session": 0}])
    clean(value)
    first, add1, add2, other_tab, back = value["steps"]
    assert "keys at start: []" in texts(first)
    assert "count=2" in texts(add2)  # kept across reruns
    assert "keys at start: []" in texts(other_tab) and "count=0" in texts(other_tab)
    assert "count=2" in texts(back)  # the first tab's state is untouched

    value = run_app(INITIALISE, [{"do": "start"}, {"do": "click", "widget": "Next"},
                                 {"do": "rerun"}, {"do": "click", "widget": "Next"}])
    clean(value)
    assert value["calls"] == {"initialise": 1}
    assert value["steps"][0]["calls"] == {"initialise": 1}
    assert [state(s) for s in value["steps"]] == [{"page": n} for n in (1, 2, 2, 3)]
    assert "page=3" in texts(value["steps"][-1])


KEYED = """
    import streamlit as st

    def report():
        st.session_state.seen = f"callback saw {st.session_state.size}"

    st.selectbox("Page size", [10, 25, 50], key="size", on_change=report)
    st.write(f"state says {st.session_state.size}")
    st.write(st.session_state.get("seen", "no callback yet"))
    st.caption(f"state: {st.session_state.to_dict()!r}")
"""


SET_WIDGET = """
    import streamlit as st

    if "name" not in st.session_state:
        st.session_state.name = "ada"  # before the widget is drawn: becomes its value

    def shout():
        st.session_state.name = st.session_state.name.upper()  # in a callback: fine

    st.text_input("Name", key="name")
    st.button("Shout", on_click=shout)
    if st.button("Reset"):
        try:
            st.session_state.name = "ada"  # after the widget was drawn in this run
        except Exception as exc:
            st.write(f"reset refused: {type(exc).__module__}.{type(exc).__name__}")
    st.caption(f"state: {st.session_state.to_dict()!r}")
"""


def test_widget_keys(run_app):
    value = run_app(KEYED, [{"do": "start"}, {"do": "set", "widget": "Page size", "value": 25}])
    clean(value)
    start, changed = value["steps"]
    assert state(start) == {"size": 10} and "state says 10" in texts(start)
    assert state(changed) == {"size": 25, "seen": "callback saw 25"}
    assert "state says 25" in texts(changed) and "callback saw 25" in texts(changed)

    value = run_app(SET_WIDGET, [{"do": "start"}, {"do": "click", "widget": "Shout"},
                                 {"do": "click", "widget": "Reset"}])
    clean(value)
    start, shout, reset = value["steps"]

    def field(step):
        return next(e["value"] for e in flatten(step["display"]) if e.get("label") == "Name")

    def refused(step):
        return [t for t in texts(step) if t.startswith("reset refused")]

    assert refused(start) == [] and field(start) == "ada" and state(start) == {"name": "ada"}
    assert refused(shout) == [] and field(shout) == "ADA" and state(shout) == {"name": "ADA"}
    assert refused(reset) == [
        "reset refused: streamlit.errors.StreamlitWidgetAlreadyInstantiatedError"]
    assert state(reset) == {"name": "ADA"} and field(reset) == "ADA"  # the value stayed


UNDRAWN = """
    import streamlit as st

    st.caption(f"at the start: {st.session_state.to_dict()!r}")
    if st.checkbox("Show filter"):
        st.slider("Minimum", 0, 100, 50, key="minimum")
    st.caption(f"at the end: {st.session_state.to_dict()!r}")
"""


def test_undrawn_widget_loses_its_key(run_app):
    value = run_app(UNDRAWN, [{"do": "start"}, {"do": "set", "widget": "Show filter", "value": True},
                              {"do": "set", "widget": "Minimum", "value": 70},
                              {"do": "set", "widget": "Show filter", "value": False},
                              {"do": "set", "widget": "Show filter", "value": True}])
    clean(value)
    start = [state(s, "at the start") for s in value["steps"]]
    end = [state(s, "at the end") for s in value["steps"]]
    assert end[1] == {"minimum": 50} and end[2] == {"minimum": 70}
    # not drawn in that run: during the run the key is still there (with 70) ...
    assert start[3] == end[3] == {"minimum": 70}
    # ... and when the run has ended it is gone: the next run starts without it
    assert start[4] == {}
    assert end[4] == {"minimum": 50}  # drawn again: back to its default, 70 is lost


AFTER_CLICK = """
    import streamlit as st

    if "count" not in st.session_state:
        st.session_state.count = 0
    st.write(f"above the button: {st.session_state.count}")
    if st.button("Add"):
        st.session_state.count += 1
    st.write(f"below the button: {st.session_state.count}")
    st.caption(f"state: {st.session_state.to_dict()!r}")
"""


def test_acting_after_a_click_is_one_step_behind(run_app):
    value = run_app(AFTER_CLICK, [{"do": "start"}, {"do": "click", "widget": "Add"},
                                  {"do": "click", "widget": "Add"}])
    clean(value)
    start, first, second = value["steps"]
    assert first["runs"] == {"script": 1} and state(first) == {"count": 1}
    assert "above the button: 0" in texts(first) and "below the button: 1" in texts(first)
    assert "above the button: 1" in texts(second) and "below the button: 2" in texts(second)


RERUN = """
    import streamlit as st
    import speedlit

    speedlit.slow("top", 0)
    if "count" not in st.session_state:
        st.session_state.count = 0
    st.write(f"count={st.session_state.count}")
    if st.button("Add"):
        st.session_state.count += 1
        st.rerun()
        speedlit.slow("after st.rerun", 0)  # never reached
    st.caption(f"state: {st.session_state.to_dict()!r}")
"""


def test_st_rerun_runs_the_script_again(run_app):
    value = run_app(RERUN, [{"do": "start"}, {"do": "click", "widget": "Add"}])
    clean(value)
    click = value["steps"][1]
    assert click["runs"] == {"script": 2}
    assert click["calls"] == {"top": 2}  # the whole script, twice; nothing after st.rerun()
    assert "count=1" in texts(click) and state(click) == {"count": 1}


CALLBACKS = """
    import streamlit as st

    if "count" not in st.session_state:
        st.session_state.count = 0
        st.session_state.log = []
    st.session_state.log.append("script")

    def add(amount, note=""):
        st.session_state.log.append("callback")
        st.session_state.count += amount
        st.session_state.note = note

    st.write(f"above: {st.session_state.count} {st.session_state.get('note', '')}")
    st.button("Add", on_click=add, args=(5,), kwargs={"note": "from the button"})
    st.selectbox("Bonus", [0, 100], key="bonus", on_change=add, args=(100,),
                 kwargs={"note": "from the selectbox"})
    st.caption(f"state: {st.session_state.to_dict()!r}")
"""


def test_callbacks_run_before_the_script(run_app):
    value = run_app(CALLBACKS, [{"do": "start"}, {"do": "click", "widget": "Add"},
                                {"do": "set", "widget": "Bonus", "value": 100}])
    clean(value)
    start, click, change = value["steps"]
    assert click["runs"] == change["runs"] == {"script": 1}  # one run each
    assert "above: 5 from the button" in texts(click)
    assert "above: 105 from the selectbox" in texts(change)
    assert state(change)["log"] == ["script", "callback", "script", "callback", "script"]


# ---------------------------------------------------------------- a real page reload
RELOAD_APP = """import streamlit as st

if "count" not in st.session_state:
    st.session_state.count = 0


def add():
    st.session_state.count += 1


st.button("Add", on_click=add)
st.write(f"count={st.session_state.count}")
"""


@pytest.mark.server
@pytest.mark.browser
def test_reload_starts_a_new_session(streamlit_server, page, tmp_path):
    script = tmp_path / "app.py"
    script.write_text(RELOAD_APP, encoding="utf-8")
    page.goto(streamlit_server(script))
    page.get_by_text("count=0").wait_for(timeout=20_000)
    for expected in ("count=1", "count=2"):
        page.get_by_role("button", name="Add").click()
        page.get_by_text(expected).wait_for(timeout=10_000)
    page.reload()
    page.get_by_text("count=0").wait_for(timeout=20_000)  # a new session: state starts empty
    assert page.get_by_text("count=2").count() == 0
