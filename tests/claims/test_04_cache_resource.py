"""Claims of lesson 04 (st.cache_resource), checked against the pinned Streamlit.

Sandbox tests use ``run_app``: several sessions in one process share the resource caches,
exactly as browser tabs on one server do. Two claims are about a real server (sessions
running at once, and what happens when a session disconnects), so those tests start
``streamlit run`` and drive it with Chromium.
"""
from __future__ import annotations

import inspect
import time
import tomllib
from pathlib import Path

import pytest
import streamlit as st

from checkers.display import flatten
from observations import SPEEDLIT_PATH, clean, texts

REPO = Path(__file__).resolve().parents[2]
LESSON = REPO / "lessons" / "04-cache-resource"


def line(step: dict, prefix: str) -> str:
    return next(t for t in texts(step) if t.startswith(prefix))


def test_lesson_apps(run_app):
    scenario = tomllib.loads((LESSON / "lesson.toml").read_text(encoding="utf-8"))["scenario"]
    before = run_app((LESSON / "before.py").read_text(encoding="utf-8"), scenario)
    after = run_app((LESSON / "after.py").read_text(encoding="utf-8"), scenario)
    clean(before)
    clean(after)
    assert before["runs"] == after["runs"] == {"script": 6}
    assert before["calls"] == {"load_sentiment_model": 6}
    assert after["calls"] == {"load_sentiment_model": 1}
    assert after["steps"][3]["said"].endswith("(in browser tab 2)")
    assert after["steps"][3]["calls"] == {}  # the second tab found the model loaded
    for b, a in zip(before["steps"], after["steps"]):
        assert flatten(b["display"]) == flatten(a["display"]), b["said"]


SAME = """
    import streamlit as st
    import speedlit

    @st.cache_resource
    def load_model():
        speedlit.slow("load_model", 0)
        return {"weights": [1, 2, 3]}

    model = load_model()
    st.write(f"object id {id(model)}")
    st.write(f"same within the run: {model is load_model()}")
"""


MUTATION = """
    import pandas as pd
    import streamlit as st

    @st.cache_resource
    def sales():
        return pd.DataFrame({"region": ["North", "South"], "revenue": [10, 20]})

    df = sales()
    if st.button("Add a column"):
        df["bonus"] = 0  # an in-place change in one session ...
    st.write(f"columns: {list(df.columns)}")
"""


def test_one_object_shared_by_every_session(run_app):
    value = run_app(SAME, [{"do": "start"}, {"do": "rerun"}, {"do": "start", "session": 1},
                           {"do": "start", "session": 2}])
    clean(value)
    assert value["calls"] == {"load_model": 1}
    ids = {line(s, "object id") for s in value["steps"]}
    assert len(ids) == 1  # one object, in every rerun and every session
    assert all("same within the run: True" in texts(s) for s in value["steps"])

    value = run_app(MUTATION, [{"do": "start"}, {"do": "start", "session": 1},
                               {"do": "click", "widget": "Add a column"},
                               {"do": "rerun", "session": 1}, {"do": "start", "session": 2}])
    clean(value)
    shown = [line(s, "columns") for s in value["steps"]]
    assert shown[:2] == ["columns: ['region', 'revenue']"] * 2
    # ... reaches the other tab and every newcomer
    assert shown[2:] == ["columns: ['region', 'revenue', 'bonus']"] * 3


UNPICKLABLE = """
    import threading
    import streamlit as st

    @st.cache_data
    def lock_as_data():
        return threading.Lock()

    @st.cache_resource
    def lock_as_resource():
        return threading.Lock()

    try:
        lock_as_data()
        st.write("cache_data: stored")
    except Exception as exc:
        st.write(f"cache_data: {type(exc).__name__}")
    lock = lock_as_resource()
    st.write(f"cache_resource: {type(lock).__name__}, same={lock is lock_as_resource()}")
"""


def test_unpicklable_objects_need_cache_resource(run_app):
    value = run_app(UNPICKLABLE, [{"do": "start"}])
    clean(value)
    shown = texts(value["steps"][0])
    assert "cache_data: UnserializableReturnValueError" in shown
    assert "cache_resource: lock, same=True" in shown


SIMULTANEOUS = """
    import threading
    import time
    import streamlit as st
    import speedlit

    @st.cache_resource(show_spinner=False)
    def connect():
        speedlit.slow("connect", 0)
        started.set()
        time.sleep(0.5)  # still creating when the second caller arrives
        return object()

    started = threading.Event()
    got = []
    first = threading.Thread(target=lambda: got.append(connect()))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: got.append(connect()))
    second.start()
    first.join()
    second.join()
    st.write(f"objects: {len(got)}, identical: {got[0] is got[1]}")
"""


def test_simultaneous_misses_create_one_object(run_app):
    value = run_app(SIMULTANEOUS, [{"do": "start"}])
    clean(value)
    assert value["calls"] == {"connect": 1}
    assert "objects: 2, identical: True" in texts(value["steps"][0])


LIFETIME = """
    import streamlit as st
    import speedlit

    @st.cache_resource(max_entries=2)
    def client(name):
        speedlit.slow(name, 0)
        return name

    @st.cache_resource(ttl=60)
    def token():
        speedlit.slow("token", 0)
        return "token"

    client(st.selectbox("Client", ["a", "b", "c"]))
    token()
"""


def test_ttl_and_max_entries(run_app):
    picks = ["b", "a", "c", "a", "b"]
    value = run_app(LIFETIME, [{"do": "start"}] +
                    [{"do": "set", "widget": "Client", "value": p} for p in picks] +
                    [{"do": "advance", "seconds": 59}, {"do": "rerun"},
                     {"do": "advance", "seconds": 2}, {"do": "rerun"}])
    clean(value)
    clients = [{k: v for k, v in s["calls"].items() if k != "token"} for s in value["steps"]]
    # a, b stored; a read again; c pushes out b (least recently used), not a
    assert clients[:6] == [{"a": 1}, {"b": 1}, {}, {"c": 1}, {}, {"b": 1}]
    tokens = [s["calls"].get("token", 0) for s in value["steps"]]
    assert tokens == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # 59 s: hit; 61 s: created again
    for name in ("ttl", "max_entries"):
        assert name in inspect.signature(st.cache_resource.__call__).parameters


VALIDATE = """
    import streamlit as st
    import speedlit

    def healthy(conn):
        speedlit.slow("validate", 0)
        return conn["open"]

    @st.cache_resource(validate=healthy)
    def connect():
        speedlit.slow("connect", 0)
        return {"open": True}

    conn = connect()
    if st.button("Break the connection"):
        conn["open"] = False
"""


RELEASE = """
    import streamlit as st
    import speedlit

    def release(name):
        speedlit.slow("release " + name, 0)

    @st.cache_resource(max_entries=2, on_release=release)
    def client(name):
        return name

    @st.cache_resource(ttl=60, on_release=release)
    def session_token():
        return "token"

    client(st.selectbox("Client", ["a", "b", "c"]))
    session_token()
    st.button("Clear clients", on_click=client.clear)
"""


def test_validate_and_on_release(run_app):
    value = run_app(VALIDATE, [{"do": "start"}, {"do": "rerun"}, {"do": "rerun"},
                               {"do": "click", "widget": "Break the connection"},
                               {"do": "rerun"}, {"do": "rerun"}])
    clean(value)
    calls = [s["calls"] for s in value["steps"]]
    assert calls[0] == {"connect": 1}  # a miss: validate is not asked
    assert calls[1] == calls[2] == calls[3] == {"validate": 1}  # asked on every hit
    assert calls[4] == {"validate": 1, "connect": 1}  # said False: dropped, created again
    assert calls[5] == {"validate": 1}

    value = run_app(RELEASE, [{"do": "start"}, {"do": "set", "widget": "Client", "value": "b"},
                              {"do": "set", "widget": "Client", "value": "c"},
                              {"do": "advance", "seconds": 61}, {"do": "advance", "seconds": 60},
                              {"do": "rerun"}, {"do": "click", "widget": "Clear clients"}])
    clean(value)
    calls = [s["calls"] for s in value["steps"]]
    assert calls[:2] == [{}, {}]
    assert calls[2] == {"release a": 1}  # evicted by max_entries, handed to on_release
    assert calls[3] == calls[4] == {}  # the ttl passed, but nobody used the cache yet
    assert calls[5] == {"release token": 1}  # noticed at the next use
    assert calls[6] == {"release b": 1, "release c": 1}  # clear() releases every entry


SESSION_SCOPE = """
    import streamlit as st
    import speedlit

    @st.cache_resource(scope="session")
    def cart():
        speedlit.slow("new cart", 0)
        return []

    if st.button("Add tea"):
        cart().append("tea")
    st.write(f"cart: {cart()}")
"""


def test_session_scope(run_app):
    value = run_app(SESSION_SCOPE, [{"do": "start"}, {"do": "click", "widget": "Add tea"},
                                    {"do": "start", "session": 1}, {"do": "rerun", "session": 0}])
    clean(value)
    assert [s["calls"] for s in value["steps"]] == [{"new cart": 1}, {}, {"new cart": 1}, {}]
    assert line(value["steps"][2], "cart") == "cart: []"  # the second tab: its own cart
    assert line(value["steps"][3], "cart") == "cart: ['tea']"  # the first tab kept its own


PARAMETERS = """
    import streamlit as st
    import speedlit

    @st.cache_resource(ttl=600, max_entries=4, hash_funcs={complex: str}, scope="global",
                       refresh_mode="background", show_spinner="Connecting...",
                       show_time=True, validate=lambda client: True,
                       on_release=lambda client: None)
    def client(number):
        speedlit.slow("client", 0)
        return {"number": str(number)}

    @st.cache_data(ttl=600, max_entries=4, max_size="10MB", hash_funcs={complex: str},
                   scope="session", refresh_mode="foreground", show_spinner=False,
                   show_time=True)
    def data(number):
        speedlit.slow("data", 0)
        return str(number)

    @st.cache_data(persist="disk")
    def persisted():
        return 1

    st.write(client(1j)["number"], data(1j), persisted())
"""


SEPARATE = """
    import streamlit as st
    import speedlit

    @st.cache_data
    def table():
        speedlit.slow("table", 0)
        return [1, 2]

    @st.cache_resource
    def model():
        speedlit.slow("model", 0)
        return object()

    st.button("Clear resources", on_click=st.cache_resource.clear)
    st.button("Clear data", on_click=st.cache_data.clear)
    table(), model()
"""


def test_what_differs_between_the_two_caches(run_app):
    data = set(inspect.signature(st.cache_data.__call__).parameters) - {"self", "func"}
    resource = set(inspect.signature(st.cache_resource.__call__).parameters) - {"self", "func"}
    assert data - resource == {"persist", "max_size"}
    assert resource - data == {"validate", "on_release"}
    assert data & resource == {"ttl", "max_entries", "hash_funcs", "scope", "refresh_mode",
                               "show_spinner", "show_time"}
    value = run_app(PARAMETERS, [{"do": "start"}, {"do": "rerun"}])  # all of them accepted
    clean(value)
    assert value["calls"] == {"client": 1, "data": 1}

    value = run_app(SEPARATE, [{"do": "start"}, {"do": "click", "widget": "Clear resources"},
                               {"do": "click", "widget": "Clear data"}])
    clean(value)
    assert [s["calls"] for s in value["steps"]] == [{"table": 1, "model": 1}, {"model": 1},
                                                    {"table": 1}]


# ---------------------------------------------------------------- on a real server
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"

TOGETHER_APP = """import threading

import streamlit as st


@st.cache_resource
def meeting_point():
    return threading.Barrier(2)


# Each run waits here until a second run arrives: only possible if two sessions run at once.
meeting_point().wait(timeout=30)
st.write(f"met in thread {threading.get_ident()}")
"""


@pytest.mark.server
@pytest.mark.browser
def test_sessions_run_at_the_same_time_in_their_own_threads(streamlit_server, page, tmp_path):
    script = tmp_path / "app.py"
    script.write_text(TOGETHER_APP, encoding="utf-8")
    url = streamlit_server(script)
    other = page.context.new_page()
    page.goto(url)
    other.goto(url)  # while the first session's script is still waiting at the barrier
    shown = []
    for tab in (page, other):
        tab.get_by_text("met in thread").wait_for(timeout=25_000)
        shown.append(tab.get_by_text("met in thread").inner_text())
    assert shown[0] != shown[1]  # both alive at the barrier, in two different threads


RELEASE_APP = """import streamlit as st
import speedlit


@st.cache_resource(scope="session", on_release=lambda cart: speedlit.slow("released", 0))
def cart():
    speedlit.slow("created", 0)
    return []


st.write(f"cart has {len(cart())} items")
"""


@pytest.mark.server
@pytest.mark.browser
def test_session_scoped_resource_is_released_on_disconnect(streamlit_server, page, tmp_path):
    script, log = tmp_path / "app.py", tmp_path / "calls.log"
    script.write_text(RELEASE_APP, encoding="utf-8")
    env = {"PYTHONPATH": SPEEDLIT_PATH, "SPEEDLIT_CALL_LOG": str(log),
           "SPEEDLIT_LATENCY_SCALE": "0"}
    url = streamlit_server(script, env=env)
    visitor = page.context.new_page()
    visitor.goto(url)
    visitor.get_by_text("cart has 0 items").wait_for(timeout=20_000)
    visitor.wait_for_selector(IDLE, state="attached", timeout=20_000)
    assert log.read_text().split() == ["created"]

    visitor.close()  # the tab goes away: its websocket disconnects
    deadline = time.monotonic() + 15
    while "released" not in log.read_text().split() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert log.read_text().split() == ["created", "released"]
