"""Claims of lesson 01 (reruns), checked against the pinned Streamlit.

Most tests drive a small app through the grading sandbox (``run_app``). The running
indicator is part of the browser page, so that one test uses a real ``streamlit run``
server and Chromium.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checkers.display import flatten
from observations import SPEEDLIT_PATH, clean, state, texts

REPO = Path(__file__).resolve().parents[2]
LESSON = REPO / "lessons" / "01-reruns"


# ---------------------------------------------------------------- the rerun model
WHOLE_SCRIPT = """
    import streamlit as st
    import speedlit

    speedlit.slow("above", 0)
    choice = st.selectbox("Pick", ["a", "b", "c"])
    speedlit.slow("below", 0)
    st.write(f"picked {choice}")
    speedlit.slow("unrelated", 0)
    st.write("footer")
"""


def test_widget_change_reruns_the_whole_script(run_app):
    value = run_app(WHOLE_SCRIPT, [{"do": "start"}, {"do": "set", "widget": "Pick", "value": "b"},
                                   {"do": "set", "widget": "Pick", "value": "c"}])
    clean(value)
    for step, shown in zip(value["steps"], ["a", "b", "c"]):
        assert step["runs"] == {"script": 1}
        # code above the widget, below it and unrelated to it: all of it ran again
        assert step["calls"] == {"above": 1, "below": 1, "unrelated": 1}
        assert f"picked {shown}" in texts(step)
    assert value["runs"] == {"script": 3}


BUTTON = """
    import streamlit as st

    clicked = st.button("Go")
    st.write(f"clicked={clicked}")
    st.selectbox("Other", ["x", "y"])
"""


def test_button_is_true_for_one_run_only(run_app):
    value = run_app(BUTTON, [{"do": "start"}, {"do": "click", "widget": "Go"}, {"do": "rerun"},
                             {"do": "click", "widget": "Go"},
                             {"do": "set", "widget": "Other", "value": "y"}])
    clean(value)
    seen = [next(t for t in texts(s) if t.startswith("clicked=")) for s in value["steps"]]
    assert seen == ["clicked=False", "clicked=True", "clicked=False", "clicked=True",
                    "clicked=False"]
    assert all(s["runs"] == {"script": 1} for s in value["steps"])  # a click is a rerun


COUNTERS = """
    import streamlit as st

    clicks = 0
    clicks += 1
    st.session_state.runs = st.session_state.get("runs", 0) + 1
    st.write(f"variable={clicks}")
    st.write(f"session_state={st.session_state.runs}")
    st.button("Again")
    st.caption(f"state: {st.session_state.to_dict()!r}")
"""


def test_variables_start_over_but_session_state_stays(run_app):
    value = run_app(COUNTERS, [{"do": "start"}, {"do": "click", "widget": "Again"},
                               {"do": "click", "widget": "Again"}, {"do": "rerun"}])
    clean(value)
    for number, step in enumerate(value["steps"], start=1):
        assert "variable=1" in texts(step)
        assert f"session_state={number}" in texts(step)
        assert state(step) == {"runs": number}


def test_new_tab_is_a_new_session(run_app):
    value = run_app(COUNTERS, [{"do": "start"}, {"do": "click", "widget": "Again"},
                               {"do": "start", "session": 1}, {"do": "rerun", "session": 0}])
    clean(value)
    first_tab, click, second_tab, back = value["steps"]
    assert second_tab["runs"] == {"script": 1}  # opening the tab ran the script
    assert state(second_tab) == {"runs": 1}  # ... with empty session state to start from
    assert "session_state=1" in texts(second_tab)
    assert state(back) == {"runs": 3}  # the first tab kept its own state


# ---------------------------------------------------------------- what reruns and what not
def lesson_scenario() -> list[dict]:
    return tomllib.loads((LESSON / "lesson.toml").read_text(encoding="utf-8"))["scenario"]


def test_lesson_apps(run_app):
    scenario = lesson_scenario()
    before = run_app((LESSON / "before.py").read_text(encoding="utf-8"), scenario)
    after = run_app((LESSON / "after.py").read_text(encoding="utf-8"), scenario)
    clean(before)
    clean(after)
    assert before["runs"] == after["runs"] == {"script": len(scenario)}
    # before: fitted in every run; after: only in the two runs with the toggle on
    assert before["calls"] == {"revenue_forecast": 6}
    assert after["calls"] == {"revenue_forecast": 2}
    assert [s["calls"].get("revenue_forecast", 0) for s in after["steps"]] == [0, 0, 1, 1, 0, 0]
    for b, a in zip(before["steps"], after["steps"]):
        assert flatten(b["display"]) == flatten(a["display"]), b["said"]
    charts = [e for e in flatten(after["steps"][3]["display"]) if "chart" in e["type"]]
    assert len(charts) == 2  # revenue and forecast, with the toggle on


# The app writes its helper module into its own (writable) working folder on the first run,
# then imports it like any module next to a script.
IMPORTER = """
    import sys
    from pathlib import Path

    import streamlit as st
    import speedlit

    folder = Path("lib").resolve()
    if not (folder / "helpers.py").exists():
        folder.mkdir(exist_ok=True)
        (folder / "helpers.py").write_text(HELPERS)
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

    import helpers

    speedlit.slow("script_top", 0)
    st.write(f"answer={helpers.ANSWER}")
    st.button("Again")
"""
HELPERS = """import speedlit

speedlit.slow("module_top", 0)
ANSWER = 42
"""


def test_imported_module_runs_once(run_app):
    source = IMPORTER.replace("write_text(HELPERS)", f"write_text({HELPERS!r})")
    value = run_app(source, [{"do": "start"}, {"do": "click", "widget": "Again"},
                             {"do": "rerun"}, {"do": "start", "session": 1}])
    clean(value)
    assert value["calls"]["script_top"] == 4  # the script: every run
    assert value["calls"]["module_top"] == 1  # the imported module: on first import only
    assert value["steps"][0]["calls"]["module_top"] == 1
    assert all("answer=42" in texts(s) for s in value["steps"])


FRAGMENT = """
    import streamlit as st
    import speedlit

    speedlit.slow("page", 0)
    st.title("Report")

    @st.fragment
    def chart_panel():
        speedlit.slow("panel", 0)
        metric = st.selectbox("Metric", ["Revenue", "Users"])
        st.write(f"showing {metric}")

    chart_panel()
    st.selectbox("Outside", ["x", "y"])
"""


def test_fragment_widget_reruns_only_the_fragment(run_app):
    value = run_app(FRAGMENT, [{"do": "start"}, {"do": "set", "widget": "Metric", "value": "Users"},
                               {"do": "set", "widget": "Outside", "value": "y"}])
    clean(value)
    start, inside, outside = value["steps"]
    assert inside["runs"] == {"fragment": 1}
    assert inside["calls"] == {"panel": 1}  # the page code above did not run
    assert "showing Users" in texts(inside) and "Report" in texts(inside)
    assert outside["runs"] == {"script": 1}  # a widget outside the fragment: whole script
    assert outside["calls"] == {"page": 1, "panel": 1}


# ---------------------------------------------------------------- the running indicator
SLOW_APP = """import streamlit as st
import speedlit

st.write("first line")
speedlit.slow("work", 3)
st.button("Again")
st.write("last line")
"""
STATUS = "[data-testid='stStatusWidget']"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


@pytest.mark.server
@pytest.mark.browser
def test_running_indicator_and_stop_button(streamlit_server, page, tmp_path):
    script = tmp_path / "app.py"
    script.write_text(SLOW_APP, encoding="utf-8")
    url = streamlit_server(script, env={"PYTHONPATH": SPEEDLIT_PATH})
    page.goto(url)

    status = page.locator(STATUS)
    status.wait_for(state="visible", timeout=15_000)  # the first run is in progress
    icon = status.locator("[data-testid='stStatusWidgetRunningIcon']")
    assert icon.get_attribute("aria-label") == "Running..."
    assert status.get_by_role("button", name="Stop").is_visible()
    box = status.bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] > width / 2 and box["y"] < 100  # top-right corner

    page.wait_for_selector(IDLE, state="attached", timeout=20_000)
    page.get_by_text("last line").wait_for()
    status.wait_for(state="detached", timeout=5_000)  # gone once the run ended

    page.get_by_role("button", name="Again").click()  # an interaction: a new run
    status.wait_for(state="visible", timeout=5_000)
    assert status.get_by_role("button", name="Stop").is_visible()
    page.wait_for_selector(IDLE, state="attached", timeout=20_000)
    status.wait_for(state="detached", timeout=5_000)


# ---------------------------------------------------------------- forms, in a real browser
# (a form widget's change never leaves the browser, so only a browser can show it)
FORM_APP = """import streamlit as st

st.session_state.runs = st.session_state.get("runs", 0) + 1
st.write(f"run {st.session_state.runs}")
with st.form("profile"):
    name = st.text_input("Name")
    city = st.text_input("City")
    submitted = st.form_submit_button("Save")
st.write(f"saved {name} from {city}" if submitted else "not saved")
"""


@pytest.mark.server
@pytest.mark.browser
def test_form_widgets_wait_for_submit(streamlit_server, page, tmp_path):
    script = tmp_path / "app.py"
    script.write_text(FORM_APP, encoding="utf-8")
    page.goto(streamlit_server(script))
    page.get_by_text("run 1").wait_for(timeout=20_000)
    page.wait_for_selector(IDLE, state="attached", timeout=20_000)

    for label, text in (("Name", "Ada"), ("City", "Turin")):
        page.get_by_label(label).fill(text)
        page.get_by_label(label).press("Tab")  # leaving the field: outside a form, a rerun
    page.wait_for_timeout(1500)
    assert page.get_by_text("run 1").count() == 1  # no rerun while editing the form
    assert page.get_by_text("not saved").count() == 1

    page.get_by_role("button", name="Save").click()
    page.get_by_text("saved Ada from Turin").wait_for(timeout=10_000)  # one run, both values
    assert page.get_by_text("run 2").count() == 1
