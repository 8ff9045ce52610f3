"""Claims of lesson 03 (ttl, max_entries, max_size, background refresh, persist).

Sandbox tests move the clock Streamlit's caches read with ``advance`` instead of waiting.
``persist="disk"`` needs Streamlit's real disk storage, which only a real server uses (the
test harness, like AppTest, keeps caches in memory), so that test starts ``streamlit run``
twice and drives it with Chromium.
"""
from __future__ import annotations

import inspect
import pickle
import time
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config
from streamlit.runtime.caching import cache_utils

from checkers.display import flatten
from observations import SPEEDLIT_PATH, call_count, clean, texts

REPO = Path(__file__).resolve().parents[2]
LESSON = REPO / "lessons" / "03-cache-ttl"


def per_step(value: dict, name: str) -> list[int]:
    return [s["calls"].get(name, 0) for s in value["steps"]]


def test_lesson_apps(run_app):
    scenario = tomllib.loads((LESSON / "lesson.toml").read_text(encoding="utf-8"))["scenario"]
    before = run_app((LESSON / "before.py").read_text(encoding="utf-8"), scenario)
    after = run_app((LESSON / "after.py").read_text(encoding="utf-8"), scenario)
    clean(before)
    clean(after)
    assert before["runs"] == after["runs"] == {"script": 5}  # the clock jump is no rerun
    assert before["calls"] == {"exchange_rates": 5}
    assert per_step(after, "exchange_rates") == [1, 0, 0, 0, 1, 1]
    for b, a in zip(before["steps"], after["steps"]):
        assert flatten(b["display"]) == flatten(a["display"]), b["said"]


TTL = """
    import streamlit as st
    import speedlit

    @st.cache_data
    def forever():
        speedlit.slow("forever", 0)
        return 1

    @st.cache_data(ttl=60)
    def minute():
        speedlit.slow("minute", 0)
        return 1

    forever(), minute()
"""


LAZY = """
    import streamlit as st
    import speedlit

    @st.cache_data(ttl=60)
    def rates():
        speedlit.slow("rates", 0)
        st.session_state.fetched = st.session_state.get("fetched", 0) + 1
        return st.session_state.fetched

    st.write(f"fetch #{rates()}")
"""


def test_ttl_expiry(run_app):
    value = run_app(TTL, [{"do": "start"}, {"do": "advance", "seconds": 59}, {"do": "rerun"},
                          {"do": "advance", "seconds": 2}, {"do": "rerun"},
                          {"do": "advance", "seconds": 10 * 86400}, {"do": "rerun"}])
    clean(value)
    assert per_step(value, "minute") == [1, 0, 0, 0, 1, 0, 1]  # 59 s: hit; 61 s: miss
    assert per_step(value, "forever") == [1, 0, 0, 0, 0, 0, 0]  # even after ten days

    value = run_app(LAZY, [{"do": "start"}, {"do": "advance", "seconds": 600},
                           {"do": "advance", "seconds": 600}, {"do": "rerun"}])
    clean(value)
    start, wait1, wait2, rerun = value["steps"]
    # twenty minutes pass: no run, no fetch; the page still shows the old value
    assert wait1["runs"] == wait2["runs"] == {} and wait1["calls"] == wait2["calls"] == {}
    assert "fetch #1" in texts(wait2)
    # the next call pays: it runs the function during the rerun and shows the new value
    assert rerun["calls"] == {"rates": 1} and "fetch #2" in texts(rerun)


FORMATS = """
    from datetime import timedelta
    import streamlit as st
    import speedlit

    @st.cache_data(ttl=600)
    def seconds():
        speedlit.slow("seconds", 0)

    @st.cache_data(ttl=timedelta(minutes=10))
    def delta():
        speedlit.slow("delta", 0)

    @st.cache_data(ttl="10min")
    def text():
        speedlit.slow("text", 0)

    @st.cache_data(ttl="600")
    def bare():
        speedlit.slow("bare", 0)

    seconds(), delta(), text(), bare()
"""


def test_ttl_formats(run_app):
    value = run_app(FORMATS, [{"do": "start"}, {"do": "rerun"}, {"do": "advance", "seconds": 599},
                              {"do": "rerun"}, {"do": "advance", "seconds": 2}, {"do": "rerun"}])
    clean(value)
    for name in ("seconds", "delta", "text"):  # all three mean ten minutes
        assert per_step(value, name) == [1, 0, 0, 0, 0, 1], name
    assert per_step(value, "bare") == [1, 1, 0, 1, 0, 1]  # 600 ns: a miss on every run
    from streamlit.time_util import time_to_seconds

    assert time_to_seconds("600") == pytest.approx(600e-9)


LRU = """
    import streamlit as st
    import speedlit

    @st.cache_data(max_entries=2)
    def report(name):
        speedlit.slow(name, 0)
        return name

    pick = st.selectbox("Report", ["a", "b", "c"])
    report(pick)
"""


def test_max_entries_drops_the_least_recently_used(run_app):
    picks = ["b", "a", "c", "a", "b"]
    value = run_app(LRU, [{"do": "start"}] +
                    [{"do": "set", "widget": "Report", "value": p} for p in picks])
    clean(value)
    calls = [s["calls"] for s in value["steps"]]
    # a and b are stored; a is read again (so b is now the least recently used);
    # adding c drops b, not a, although a was stored first
    assert calls == [{"a": 1}, {"b": 1}, {}, {"c": 1}, {}, {"b": 1}]


MAX_SIZE = """
    import streamlit as st
    import speedlit

    @st.cache_data(max_size=1000)
    def bounded(key):
        speedlit.slow("bounded:" + key, 0)
        return bytes(600)  # two of these do not fit in 1000 pickled bytes

    @st.cache_data
    def unbounded(key):
        speedlit.slow("unbounded:" + key, 0)
        return bytes(600)

    @st.cache_data(max_size="1KB")
    def small(key):
        speedlit.slow("small:" + key, 0)
        return bytes(300)  # two of these fit in 1024

    for key in ["a", "b", "a"]:
        bounded(key), unbounded(key), small(key)
"""


def test_max_size_caps_pickled_bytes(run_app):
    value = run_app(MAX_SIZE, [{"do": "start"}])
    clean(value)
    calls = value["steps"][0]["calls"]
    assert calls["bounded:a"] == 2  # storing b pushed a out
    assert calls["unbounded:a"] == 1 and calls["small:a"] == 1
    assert "max_size" in inspect.signature(st.cache_data.__call__).parameters
    assert "max_size" not in inspect.signature(st.cache_resource.__call__).parameters


BACKGROUND = """
    import threading
    import streamlit as st
    import speedlit
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    @st.cache_resource
    def refreshes():
        return []

    @st.cache_data(ttl=60, refresh_mode="background")
    def price():
        speedlit.slow("price", 0)
        outside = get_script_run_ctx() is None
        refreshes().append(f"{threading.current_thread().name} outside_session={outside}")
        return len(refreshes())

    st.write(f"price version {price()}")
    st.write(f"ran in: {refreshes()[-1]}")
"""


HARD = """
    import streamlit as st
    import speedlit

    @st.cache_resource
    def counter():
        return [0]

    @st.cache_data(ttl=60, refresh_mode="background")
    def price():
        speedlit.slow("price", 0)
        counter()[0] += 1
        return counter()[0]

    st.write(f"price version {price()}")
"""


def test_background_refresh(run_app):
    steps = [{"do": "start"}, {"do": "advance", "seconds": 30}, {"do": "rerun"},
             {"do": "advance", "seconds": 31}, {"do": "rerun"}] + [{"do": "rerun"}] * 4
    value = run_app(BACKGROUND, steps)
    clean(value)
    shown = [next(t for t in texts(s) if t.startswith("price")) for s in value["steps"]]
    assert shown[:5] == ["price version 1"] * 5  # 61 s: still the old value, at once
    assert shown[-1] == "price version 2"  # the refresh landed for later calls
    assert value["calls"] == {"price": 2}  # one refresh, not one per rerun
    assert per_step(value, "price")[:3] == [1, 0, 0]
    last = texts(value["steps"][-1])
    assert "ran in: CacheBackgroundRefresh_0 outside_session=True" in last

    # served old for at most one extra ttl (2 x ttl by default); after that a call waits
    key = "runner.cacheBackgroundRefreshTTLMultiplier"
    assert config.get_option(key) == 2.0
    assert cache_utils.get_hard_ttl_seconds("background", 60) == 120
    try:  # the option sets the factor
        config.set_option(key, 3.0)
        assert cache_utils.get_hard_ttl_seconds("background", 60) == 180
    finally:
        config.set_option(key, 2.0)
    value = run_app(HARD, [{"do": "start"}, {"do": "advance", "seconds": 121}, {"do": "rerun"}])
    clean(value)
    start, _, rerun = value["steps"]
    assert rerun["calls"] == {"price": 1}  # computed during the run, like a plain miss
    assert "price version 2" in texts(rerun)  # and no old value was shown


INVALID = """
    import streamlit as st

    def attempt(label, **options):
        try:
            st.cache_data(**options)(lambda: 1)
            st.write(f"{label}: accepted")
        except Exception as exc:
            st.write(f"{label}: {type(exc).__name__}")

    attempt("background without ttl", refresh_mode="background")
    attempt("background with persist", ttl=60, refresh_mode="background", persist="disk")
    attempt("background with ttl", ttl=60, refresh_mode="background")
"""


def test_background_refresh_needs_ttl_and_no_persist(run_app):
    value = run_app(INVALID, [{"do": "start"}])
    clean(value)
    shown = texts(value["steps"][0])
    assert "background without ttl: StreamlitMissingRequiredParameterError" in shown
    assert "background with persist: StreamlitIncompatibleParametersError" in shown
    assert "background with ttl: accepted" in shown
    assert "refresh_mode" in inspect.signature(st.cache_resource.__call__).parameters


# ---------------------------------------------------------------- persist="disk", for real
PERSIST_APP = """import streamlit as st
import speedlit


@st.cache_data(persist="disk", ttl=1)
def load():
    speedlit.slow("load", 0)
    return "payload"


st.write(f"value: {load()}")
st.button("Clear caches", on_click=st.cache_data.clear)
"""
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _show(page, url=None) -> None:
    if url:
        page.goto(url)
    else:
        page.reload()
    page.get_by_text("value: payload").wait_for(timeout=20_000)
    page.wait_for_selector(IDLE, state="attached", timeout=20_000)


@pytest.mark.server
@pytest.mark.browser
def test_persist_to_disk(streamlit_server, page, tmp_path):
    home, log = tmp_path / "home", tmp_path / "calls.log"
    home.mkdir()
    script = tmp_path / "app.py"
    script.write_text(PERSIST_APP, encoding="utf-8")
    env = {"HOME": str(home), "PYTHONPATH": SPEEDLIT_PATH, "SPEEDLIT_CALL_LOG": str(log),
           "SPEEDLIT_LATENCY_SCALE": "0"}
    cache_dir = home / ".streamlit" / "cache"

    _show(page, streamlit_server(script, env=env))
    assert call_count(log) == 1
    [entry] = cache_dir.glob("*.memo")  # one file per entry, in ~/.streamlit/cache
    assert pickle.loads(entry.read_bytes()).value == "payload"  # a plain pickle
    first_server = streamlit_server.servers[-1]
    assert "TTL that will be ignored" in first_server.log()

    time.sleep(2.5)  # well past the 1 s ttl
    _show(page)  # a new run: a ttl-respecting cache would recompute here
    assert call_count(log) == 1

    first_server.stop()  # restart: a new process with empty memory
    _show(page, streamlit_server(script, env=env))
    assert call_count(log) == 1  # read back from disk

    page.get_by_role("button", name="Clear caches").click()
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, state="attached", timeout=20_000)
    assert call_count(log) == 2  # the files were deleted, so the rerun had to compute
