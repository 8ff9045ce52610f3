"""Claims of lesson 06 (multi-step flows and forms), checked on the pinned Streamlit.

The judge sees only the page, so apps show the session state a test checks in captions:
at the start of the run and at its end. An error a test expects is caught by the app and
shown by its type name.
"""
from __future__ import annotations

import time

import pytest

from observations import SPEEDLIT_PATH, call_log, clean, state, texts

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


WIZARD = """
import streamlit as st
import speedlit

speedlit.slow("top", 0)
st.caption(f"at the start: {st.session_state.to_dict()!r}")
if "step" not in st.session_state:
    st.session_state.step = 1
if st.session_state.step == 1:
    st.text_input("Name", key="name")
    if st.button("Next"):
        st.session_state.saved = st.session_state.name
        st.session_state.step = 2
        st.rerun()
else:
    st.write("step 2")
    st.write("name key present: " + str("name" in st.session_state))
st.caption(f"at the end: {st.session_state.to_dict()!r}")
"""


def test_widget_change_reruns_script(run_app):
    obs = run_app(WIZARD, [{"do": "start"}, {"do": "set", "widget": "Name", "value": "Ada"}])
    clean(obs)
    step = obs["steps"][1]
    assert step["runs"] == {"script": 1}
    assert step["calls"] == {"top": 1}
    # the whole script ran, from its first line, with the new value
    assert state(step, "at the start") == {"step": 1, "name": "Ada"}
    assert state(step, "at the end") == {"step": 1, "name": "Ada"}


def test_rerun_runs_script_twice(run_app):
    obs = run_app(WIZARD, [{"do": "start"}, {"do": "click", "widget": "Next"}])
    click = obs["steps"][1]
    # The click's run reaches st.rerun(), which abandons it and starts a second full run.
    assert click["runs"] == {"script": 2}
    assert click["calls"] == {"top": 2}
    assert "step 2" in texts(click)
    assert not click["exceptions"]


def test_widget_key_dropped_when_widget_not_drawn(run_app):
    obs = run_app(WIZARD, [
        {"do": "start"},
        {"do": "set", "widget": "Name", "value": "Ada"},
        {"do": "click", "widget": "Next"},   # step 2 drawn: the text input is not
        {"do": "rerun"},
        {"do": "rerun"},
    ])
    clean(obs)
    after_click, later, last = obs["steps"][2], obs["steps"][3], obs["steps"][4]
    # The widget was drawn in the run that clicked Next; once a run skips it, its key is gone.
    assert "name" not in state(later, "at the end") and "name" not in state(last, "at the end")
    assert "name key present: False" in texts(later)
    # Keys the app set itself stay.
    assert state(later, "at the end") == state(last, "at the end") == {"step": 2, "saved": "Ada"}
    # Precisely: during the first run without the widget the key still exists; it is removed
    # when that run ends, so the next run starts without it.
    assert "name key present: True" in texts(after_click)
    assert state(after_click, "at the end") == {"step": 2, "saved": "Ada", "name": "Ada"}
    assert state(later, "at the start") == {"step": 2, "saved": "Ada"}


CALLBACK_WIZARD = """
import streamlit as st
import speedlit

speedlit.slow("top", 0)
if "step" not in st.session_state:
    st.session_state.step = 1

def next_step():
    st.session_state.step += 1

st.write(f"showing step {st.session_state.step}")
st.button("Next", on_click=next_step)
"""


def test_callback_changes_step_in_one_run(run_app):
    obs = run_app(CALLBACK_WIZARD, [{"do": "start"}, {"do": "click", "widget": "Next"}])
    click = obs["steps"][1]
    assert click["runs"] == {"script": 1}
    assert click["calls"] == {"top": 1}
    assert "showing step 2" in texts(click)  # drawn in that same run: the callback ran first


SUBMIT_CALLBACK = """
import streamlit as st
import speedlit

speedlit.slow("top", 0)
if "step" not in st.session_state:
    st.session_state.step = 1

def submit():
    st.session_state.step = 2

st.write(f"showing step {st.session_state.step}")
with st.form("details"):
    st.text_input("City")
    st.form_submit_button("Next", on_click=submit)
"""


def test_submit_callback_changes_step_in_one_run(run_app):
    obs = run_app(SUBMIT_CALLBACK, [{"do": "start"}, {"do": "click", "widget": "Next"}])
    click = obs["steps"][1]
    assert click["runs"] == {"script": 1}
    assert click["calls"] == {"top": 1}
    assert "showing step 2" in texts(click)
    assert not click["exceptions"]


def test_form_widget_callback_rejected(run_app):
    source = """
    import streamlit as st

    with st.form("f"):
        try:
            st.text_input("Name", on_change=lambda: None)
        except Exception as exc:
            st.write(f"refused: {type(exc).__module__}.{type(exc).__name__}")
        st.form_submit_button("Send")
    """
    obs = run_app(source, [{"do": "start"}])
    clean(obs)
    assert [t for t in texts(obs["steps"][0]) if t.startswith("refused")] == [
        "refused: streamlit.errors.StreamlitInvalidFormCallbackError"]


def test_button_rejected_in_form(run_app):
    source = """
    import streamlit as st

    with st.form("f"):
        try:
            st.button("Inner")
        except Exception as exc:
            st.write(f"refused: {type(exc).__module__}.{type(exc).__name__}")
        st.form_submit_button("Send")
    """
    obs = run_app(source, [{"do": "start"}])
    clean(obs)
    assert [t for t in texts(obs["steps"][0]) if t.startswith("refused")] == [
        "refused: streamlit.errors.StreamlitInvalidLayoutContextError"]


# ---------------------------------------------------------------- in a real browser
FORM_APP = """
import streamlit as st
import speedlit

speedlit.slow("run", 0)
with st.form("details"):
    city = st.text_input("City")
    size = st.number_input("Size", 1, 10, 1)
    st.form_submit_button("Send")
st.write(f"script sees: {city or '-'} / {size}")
"""


@pytest.mark.browser
@pytest.mark.server
def test_form_batches_inputs_in_browser(tmp_path, streamlit_server, page):
    """Edits inside a form send nothing; the submit click runs the script once with all values.

    The harness cannot show this (it drives the server side only), so a real server and
    Chromium do: every script run appends a line to the call log.
    """
    (tmp_path / "app.py").write_text(FORM_APP, encoding="utf-8")
    log = tmp_path / "calls.log"
    url = streamlit_server("app.py", cwd=tmp_path, env={
        "PYTHONPATH": SPEEDLIT_PATH, "SPEEDLIT_CALL_LOG": str(log),
        "SPEEDLIT_LATENCY_SCALE": "0"})
    page.goto(url)
    page.get_by_text("script sees: - / 1").wait_for()
    page.wait_for_selector(IDLE, state="attached")
    assert call_log(log)["run"] == 1

    city = page.get_by_label("City")
    city.fill("Lyon")
    city.press("Tab")  # leaves the field: outside a form this would commit and rerun
    size = page.get_by_label("Size")
    size.fill("4")
    size.press("Tab")
    page.wait_for_timeout(1500)  # ample time for a rerun to happen, were one requested
    assert call_log(log)["run"] == 1, "editing a form field reran the script"
    assert page.get_by_text("script sees: - / 1").is_visible()

    page.get_by_role("button", name="Send").click()
    page.get_by_text("script sees: Lyon / 4").wait_for()
    page.wait_for_selector(IDLE, state="attached")
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and call_log(log)["run"] < 2:
        page.wait_for_timeout(50)
    page.wait_for_timeout(300)
    assert call_log(log)["run"] == 2, "the submit should cost exactly one run"
