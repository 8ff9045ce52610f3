"""Claims of lesson 07 (keep results between reruns), checked on the pinned Streamlit."""
from __future__ import annotations

import re

import pytest

from observations import SHOW_STATE, SPEEDLIT_PATH, state, texts

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def calls(obs: dict, name: str) -> list[int]:
    """How often ``name`` ran in each step."""
    return [s["calls"].get(name, 0) for s in obs["steps"]]


PLAIN = """
import streamlit as st
import speedlit

def forecast(region):
    speedlit.slow("forecast", 0)
    return region.upper()

region = st.selectbox("Region", ["North", "South"])
st.checkbox("Smooth")
st.write(forecast(region))
"""

KEYED = """
import streamlit as st
import speedlit

def forecast(region):
    speedlit.slow("forecast", 0)
    return region.upper()

region = st.selectbox("Region", ["North", "South"])
st.checkbox("Smooth")
if st.session_state.get("forecast_for") != region:
    st.session_state.forecast = forecast(region)
    st.session_state.forecast_for = region
st.write(st.session_state.forecast)
"""

CACHED = """
import streamlit as st
import speedlit

@st.cache_data
def forecast(region):
    speedlit.slow("forecast", 0)
    return region.upper()

region = st.selectbox("Region", ["North", "South"])
st.checkbox("Smooth")
st.write(forecast(region))
"""


def test_unrelated_widget_recomputes_without_storage(run_app):
    obs = run_app(PLAIN, [{"do": "start"}, {"do": "set", "widget": "Smooth", "value": True},
                          {"do": "set", "widget": "Smooth", "value": False}])
    assert [s["runs"] for s in obs["steps"]] == [{"script": 1}] * 3
    assert calls(obs, "forecast") == [1, 1, 1]


def test_keyed_session_state_skips_unrelated_reruns(run_app):
    obs = run_app(KEYED + SHOW_STATE, [
        {"do": "start"},
        {"do": "set", "widget": "Smooth", "value": True},
        {"do": "rerun"},
        {"do": "set", "widget": "Region", "value": "South"},
        {"do": "set", "widget": "Smooth", "value": False},
    ])
    assert [s["runs"] for s in obs["steps"]] == [{"script": 1}] * 5
    assert calls(obs, "forecast") == [1, 0, 0, 1, 0]
    assert "NORTH" in texts(obs["steps"][2]) and "SOUTH" in texts(obs["steps"][4])
    assert state(obs["steps"][2]) == {"forecast": "NORTH", "forecast_for": "North"}
    assert state(obs["steps"][4]) == {"forecast": "SOUTH", "forecast_for": "South"}


def test_one_slot_recomputes_cache_data_does_not(run_app):
    there_and_back = [
        {"do": "start"},
        {"do": "set", "widget": "Region", "value": "South"},
        {"do": "set", "widget": "Region", "value": "North"},
    ]
    slot = run_app(KEYED, there_and_back)
    cached = run_app(CACHED, there_and_back)
    assert calls(slot, "forecast") == [1, 1, 1]    # North again: computed again
    assert calls(cached, "forecast") == [1, 1, 0]  # North again: served from the cache
    assert "NORTH" in texts(slot["steps"][2]) and "NORTH" in texts(cached["steps"][2])


def test_session_state_is_per_session(run_app):
    source = KEYED.replace("import speedlit", "import speedlit\n"
                           "st.write('had a result: ' + str('forecast' in st.session_state))")
    obs = run_app(source, [
        {"do": "start", "session": 0},
        {"do": "set", "widget": "Smooth", "value": True, "session": 0},
        {"do": "start", "session": 1},
    ])
    assert calls(obs, "forecast") == [1, 0, 1]  # the second tab computes its own
    assert "had a result: True" in texts(obs["steps"][1])
    assert "had a result: False" in texts(obs["steps"][2])  # tab 2 starts empty


def test_cache_data_shared_across_sessions(run_app):
    obs = run_app(CACHED, [{"do": "start", "session": 0}, {"do": "start", "session": 1}])
    assert calls(obs, "forecast") == [1, 0]
    assert "NORTH" in texts(obs["steps"][1])


def test_session_scoped_cache_data(run_app):
    source = CACHED.replace("@st.cache_data", '@st.cache_data(scope="session")')
    obs = run_app(source, [
        {"do": "start", "session": 0},
        {"do": "set", "widget": "Region", "value": "South", "session": 0},
        {"do": "set", "widget": "Region", "value": "North", "session": 0},
        {"do": "start", "session": 1},
    ])
    # Several entries per session (North is served again) but nothing shared with tab 2.
    assert calls(obs, "forecast") == [1, 1, 0, 1]


def test_session_state_keeps_mutations_cache_data_copies(run_app):
    source = """
    import streamlit as st

    @st.cache_data
    def numbers():
        return [1, 2, 3]

    if "kept" not in st.session_state:
        st.session_state.kept = [1, 2, 3]
    st.session_state.kept.append(4)       # mutate what session state handed back
    numbers().append(4)                   # mutate what the cache handed back
    st.write(f"kept={len(st.session_state.kept)} cached={len(numbers())}")
    """
    obs = run_app(source, [{"do": "start"}, {"do": "rerun"}])
    assert "kept=4 cached=3" in texts(obs["steps"][0])
    assert "kept=5 cached=3" in texts(obs["steps"][1])


# ---------------------------------------------------------------- in a real browser
RELOAD_APP = """
import streamlit as st

if "visits" not in st.session_state:
    st.session_state.visits = 0
st.session_state.visits += 1
st.button("Again")
st.write(f"runs in this session: {st.session_state.visits}")
"""


@pytest.mark.browser
@pytest.mark.server
def test_reload_starts_empty_session_in_browser(tmp_path, streamlit_server, page):
    (tmp_path / "app.py").write_text(RELOAD_APP, encoding="utf-8")
    url = streamlit_server("app.py", cwd=tmp_path, env={"PYTHONPATH": SPEEDLIT_PATH})
    page.goto(url)
    page.get_by_text("runs in this session: 1").wait_for()
    page.get_by_role("button", name="Again").click()
    page.get_by_text("runs in this session: 2").wait_for()  # state kept across reruns
    page.wait_for_selector(IDLE, state="attached")
    page.reload()
    page.get_by_text(re.compile(r"runs in this session: \d+")).wait_for()
    page.wait_for_selector(IDLE, state="attached")
    page.wait_for_timeout(300)
    assert page.get_by_text("runs in this session: 1").is_visible(), \
        "after a reload the counter should start again: the old session's state is gone"
