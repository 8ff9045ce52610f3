"""Claims of lesson 08 (load only what is shown), checked on the pinned Streamlit."""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from observations import SPEEDLIT_PATH, call_log, clean, state, texts

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def test_plain_tabs_run_every_tab(run_app):
    source = """
    import streamlit as st
    import speedlit

    one, two, three = st.tabs(["One", "Two", "Three"])
    with one:
        speedlit.slow("tab_one", 0)
        st.write(f"one open={one.open}")
    with two:
        speedlit.slow("tab_two", 0)
        st.write(f"two open={two.open}")
    with three:
        speedlit.slow("tab_three", 0)
        st.write(f"three open={three.open}")
    st.checkbox("Other")
    """
    obs = run_app(source, [{"do": "start"}, {"do": "set", "widget": "Other", "value": True},
                           {"do": "rerun"}])
    for step in obs["steps"]:
        assert step["calls"] == {"tab_one": 1, "tab_two": 1, "tab_three": 1}
        # Every tab's content is sent, hidden or not; .open is None without on_change.
        assert {"one open=None", "two open=None", "three open=None"} <= set(texts(step))


def test_rerun_tabs_open_property(run_app):
    source = """
    import streamlit as st
    import speedlit

    one, two = st.tabs(["One", "Two"], on_change="rerun")
    st.write(f"open: {one.open} {two.open}")
    if one.open:
        with one:
            speedlit.slow("tab_one", 0)
    if two.open:
        with two:
            speedlit.slow("tab_two", 0)
    st.checkbox("Other")
    """
    obs = run_app(source, [
        {"do": "start"},
        {"do": "tab", "widget": "Two"},
        {"do": "set", "widget": "Other", "value": True},
        {"do": "rerun"},
    ])
    start, switch, other, again = obs["steps"]
    assert "open: True False" in texts(start) and start["calls"] == {"tab_one": 1}
    assert switch["problem"] is None
    assert switch["runs"] == {"script": 1}  # the switch itself is a rerun
    assert "open: False True" in texts(switch) and switch["calls"] == {"tab_two": 1}
    for step in (other, again):  # the open tab is remembered
        assert "open: False True" in texts(step) and step["calls"] == {"tab_two": 1}


def test_collapsed_expander_still_runs(run_app):
    source = """
    import streamlit as st
    import speedlit

    with st.expander("Details"):  # collapsed by default
        speedlit.slow("details", 0)
        st.write("details body")
    st.checkbox("Other")
    """
    obs = run_app(source, [{"do": "start"}, {"do": "set", "widget": "Other", "value": True}])
    for step in obs["steps"]:
        assert step["calls"] == {"details": 1}
        assert "details body" in texts(step)


def test_lazy_expander_opened_from_session_state(run_app):
    source = """
    import streamlit as st
    import speedlit

    def open_details():
        st.session_state.details = True   # the expander's key

    raw = st.expander("Details", on_change="rerun", key="details")
    st.write(f"open: {raw.open}")
    if raw.open:
        with raw:
            speedlit.slow("details", 0)
            st.write("details body")
    st.button("Show details", on_click=open_details)
    st.caption(f"state: {st.session_state.to_dict()!r}")
    """
    obs = run_app(source, [{"do": "start"}, {"do": "rerun"},
                           {"do": "click", "widget": "Show details"}])
    clean(obs)
    start, again, opened = obs["steps"]
    for step in (start, again):
        assert "open: False" in texts(step) and step["calls"] == {}
        assert state(step) == {"details": False}
    assert "open: True" in texts(opened) and opened["calls"] == {"details": 1}
    assert "details body" in texts(opened) and state(opened) == {"details": True}


# ---------------------------------------------------------------- in a real browser
BROWSER_APP = """
import streamlit as st
import speedlit

speedlit.slow("run", 0)
alpha, beta = st.tabs(["Alpha", "Beta"])
alpha.write("alpha body")
beta.write("beta body")
raw = st.expander("Raw numbers", on_change="rerun")
st.write(f"expander open: {raw.open}")
if raw.open:
    with raw:
        speedlit.slow("raw", 0)
        st.write("raw body")
"""


def _settle(page, log: Path, name: str, want: int) -> Counter:
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and call_log(log)[name] < want:
        page.wait_for_timeout(50)
    page.wait_for_selector(IDLE, state="attached")
    page.wait_for_timeout(300)
    return call_log(log)


@pytest.mark.browser
@pytest.mark.server
def test_browser_plain_tab_switch_and_lazy_expander(tmp_path, streamlit_server, page):
    (tmp_path / "app.py").write_text(BROWSER_APP, encoding="utf-8")
    log = tmp_path / "calls.log"
    url = streamlit_server("app.py", cwd=tmp_path, env={
        "PYTHONPATH": SPEEDLIT_PATH, "SPEEDLIT_CALL_LOG": str(log),
        "SPEEDLIT_LATENCY_SCALE": "0"})
    page.goto(url)
    page.get_by_text("expander open: False").wait_for()
    assert _settle(page, log, "run", 1) == Counter({"run": 1})

    page.get_by_role("tab", name="Beta").click()
    page.get_by_text("beta body").wait_for(state="visible")
    page.wait_for_timeout(1500)  # ample time for a rerun, were one requested
    assert call_log(log) == Counter({"run": 1}), "switching plain tabs reran the script"

    page.get_by_text("Raw numbers").click()
    page.get_by_text("raw body").wait_for(state="visible")
    counts = _settle(page, log, "raw", 1)
    assert counts == Counter({"run": 2, "raw": 1}), counts
    assert page.get_by_text("expander open: True").is_visible()
