"""Claims of lesson 02 (st.cache_data), checked against the pinned Streamlit.

Every test runs a small app in the grading sandbox and counts how often the cached body
ran (the calls of speedlit's services it makes, or of ``speedlit.slow`` in the small apps); a
body that did not run was a cache hit.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from checkers.display import flatten
from observations import clean, texts

REPO = Path(__file__).resolve().parents[2]
LESSON = REPO / "lessons" / "02-cache-data"


BY_REGION = """
    import streamlit as st
    import speedlit

    @st.cache_data
    def load_region(region):
        return speedlit.region_sales(region)

    region = st.selectbox("Region", ["North", "South", "East", "West"])
    sales = load_region(region)
    st.write(f"{region}: {len(sales)} rows, all {set(sales['region'])}")
    st.slider("Rows", 5, 50, 10)
"""


def test_lesson_apps(run_app):
    # With an argument, each distinct value gets an entry: North and South miss once each,
    # going back to either is a hit.
    value = run_app(BY_REGION, [{"do": "start"},
                                {"do": "set", "widget": "Region", "value": "South"},
                                {"do": "set", "widget": "Region", "value": "North"},
                                {"do": "set", "widget": "Rows", "value": 20},
                                {"do": "set", "widget": "Region", "value": "South"}])
    clean(value)
    assert [s["calls"] for s in value["steps"]] == [{"region_sales": 1}, {"region_sales": 1},
                                                    {}, {}, {}]
    assert "North: 360 rows, all {'North'}" in texts(value["steps"][3])
    assert "South: 360 rows, all {'South'}" in texts(value["steps"][4])

    # The lesson's loader has no arguments: one entry, stored in the first run.
    scenario = tomllib.loads((LESSON / "lesson.toml").read_text(encoding="utf-8"))["scenario"]
    before = run_app((LESSON / "before.py").read_text(encoding="utf-8"), scenario)
    after = run_app((LESSON / "after.py").read_text(encoding="utf-8"), scenario)
    clean(before)
    clean(after)
    assert before["runs"] == after["runs"] == {"script": len(scenario)}
    assert before["calls"] == {"read_sales": 6}  # every rerun
    assert after["calls"] == {"read_sales": 1}  # no arguments: one entry, stored at the start
    assert [s["calls"].get("read_sales", 0) for s in after["steps"]] == [1, 0, 0, 0, 0, 0]
    for b, a in zip(before["steps"], after["steps"]):
        assert flatten(b["display"]) == flatten(a["display"]), b["said"]


SHARED = """
    import streamlit as st
    import speedlit

    @st.cache_data
    def load():
        speedlit.slow("load", 0)
        return [3, 1, 2]

    st.write(f"loaded {load()}")
"""


def test_cache_is_shared_by_all_sessions(run_app):
    value = run_app(SHARED, [{"do": "start"}, {"do": "start", "session": 1},
                             {"do": "start", "session": 2}])
    clean(value)
    assert [s["calls"] for s in value["steps"]] == [{"load": 1}, {}, {}]
    assert all("loaded [3, 1, 2]" in texts(s) for s in value["steps"])


COPY = """
    import pandas as pd
    import streamlit as st
    import speedlit

    @st.cache_data
    def numbers():
        speedlit.slow("numbers", 0)
        return [1, 2, 3]

    @st.cache_data
    def frame():
        speedlit.slow("frame", 0)
        return pd.DataFrame({"x": [3, 1, 2]})

    first = numbers()
    first.append(99)  # mutate what the cache handed out
    second = numbers()
    st.write(f"first={first} second={second} same_object={first is second}")

    df = frame()
    df.sort_values("x", inplace=True)
    df["y"] = 0
    st.write(f"fresh frame={frame()['x'].tolist()} columns={list(frame().columns)}")
    st.button("Again")
"""


def test_cache_data_returns_a_copy(run_app):
    value = run_app(COPY, [{"do": "start"}, {"do": "click", "widget": "Again"},
                           {"do": "start", "session": 1}])
    clean(value)
    assert value["calls"] == {"numbers": 1, "frame": 1}  # cached: the bodies ran once
    for step in value["steps"]:
        shown = texts(step)
        assert "first=[1, 2, 3, 99] second=[1, 2, 3] same_object=False" in shown
        assert "fresh frame=[3, 1, 2] columns=['x']" in shown


PICKLE = """
    import sqlite3
    import threading
    import streamlit as st

    @st.cache_data
    def make_lock():
        return threading.Lock()

    @st.cache_data
    def connect():
        return sqlite3.connect(":memory:")

    for make in (make_lock, connect):
        try:
            make()
            st.write(f"{make.__name__}: cached")
        except Exception as exc:
            st.write(f"{make.__name__}: {type(exc).__name__}")
"""


def test_return_value_must_be_picklable(run_app):
    value = run_app(PICKLE, [{"do": "start"}])
    clean(value)
    shown = texts(value["steps"][0])
    assert "make_lock: UnserializableReturnValueError" in shown
    assert "connect: UnserializableReturnValueError" in shown


CONTENT = """
    import numpy as np
    import pandas as pd
    import streamlit as st
    import speedlit

    @st.cache_data
    def size(thing):
        speedlit.slow("size", 0)
        return len(thing)

    # each pair: two different objects with equal contents
    size([1, 2, 3]); size([1, 2, 3])
    size({"a": 1, "b": [2]}); size({"a": 1, "b": [2]})
    size(pd.DataFrame({"x": [1, 2]})); size(pd.DataFrame({"x": [1, 2]}))
    size(np.arange(4)); size(np.arange(4))
    st.write(f"different list: {size([1, 2, 4])}")
"""


def test_lists_dicts_frames_and_arrays_are_hashed_by_content(run_app):
    value = run_app(CONTENT, [{"do": "start"}, {"do": "rerun"}])
    clean(value)
    first, again = value["steps"]
    assert first["calls"] == {"size": 5}  # 4 pairs hit once each, plus the different list
    assert again["calls"] == {}  # new objects with the same contents: all hits
    assert "different list: 3" in texts(again)


UNHASHABLE = """
    import sqlite3
    import threading
    import streamlit as st
    import speedlit

    def database(rows):
        conn = sqlite3.connect(":memory:")
        conn.execute("create table orders (status text)")
        conn.executemany("insert into orders values (?)", [("open",)] * rows)
        return conn

    @st.cache_data
    def count_hashed(conn, status):
        return 0

    @st.cache_data
    def count_orders(_conn, status):
        speedlit.slow("count_orders", 0)
        sql = "select count(*) from orders where status = ?"
        return _conn.execute(sql, (status,)).fetchone()[0]

    for unhashable in (database(1), threading.Lock()):
        try:
            count_hashed(unhashable, "open")
        except Exception as exc:
            st.write(f"{type(unhashable).__name__}: {type(exc).__name__}")

    small, big = database(3), database(5)
    st.write(f"small: {count_orders(small, 'open')}")
    st.write(f"big: {count_orders(big, 'open')}")  # same status: the stored answer
    st.write(f"closed: {count_orders(big, 'closed')}")
"""


HASH_FUNCS = """
    import threading
    import streamlit as st
    import speedlit

    class Client:
        def __init__(self, url):
            self.url = url
            self.lock = threading.Lock()  # Streamlit cannot hash this on its own

    @st.cache_data
    def fetch_plain(client, item):
        return item

    @st.cache_data(hash_funcs={Client: lambda client: client.url})
    def fetch(client, item):
        speedlit.slow("fetch", 0)
        return f"{client.url}/{item}"

    try:
        fetch_plain(Client("https://a.example"), 1)
    except Exception as exc:
        st.write(f"without hash_funcs: {type(exc).__name__}")
    st.write(fetch(Client("https://a.example"), 1))
    st.write(fetch(Client("https://a.example"), 1))  # another object, same url: a hit
    st.write(fetch(Client("https://b.example"), 1))
"""


def test_arguments_streamlit_cannot_hash(run_app):
    value = run_app(UNHASHABLE, [{"do": "start"}])
    clean(value)
    step = value["steps"][0]
    shown = texts(step)
    assert "Connection: UnhashableParamError" in shown
    assert "lock: UnhashableParamError" in shown
    assert "small: 3" in shown
    assert "big: 3" in shown  # not 5: _conn is not part of the key
    assert "closed: 0" in shown
    assert step["calls"] == {"count_orders": 2}

    value = run_app(HASH_FUNCS, [{"do": "start"}])
    clean(value)
    step = value["steps"][0]
    assert "without hash_funcs: UnhashableParamError" in texts(step)
    assert step["calls"] == {"fetch": 2}  # the key used the url only
    assert texts(step).count("https://a.example/1") == 2


SOURCE_KEY = """
    import streamlit as st
    import speedlit

    @st.cache_data
    def load():
        speedlit.slow("first body", 0)
        return "first"

    from_first = load()

    @st.cache_data
    def load():  # same name, edited body
        speedlit.slow("second body", 0)
        return "second"

    from_second = load()

    @st.cache_data
    def load_copy():  # the first body under another name
        speedlit.slow("first body", 0)
        return "first"

    st.write(f"{from_first} {from_second} {load_copy()}")
"""


def test_function_name_and_source_are_part_of_the_key(run_app):
    value = run_app(SOURCE_KEY, [{"do": "start"}, {"do": "rerun"}])
    clean(value)
    first, again = value["steps"]
    # three caches: the edited body did not find the first body's entry, nor did the copy
    assert first["calls"] == {"first body": 2, "second body": 1}
    assert "first second first" in texts(first)
    assert again["calls"] == {}  # and each of them is a hit on the next run


GLOBALS = """
    import streamlit as st
    import speedlit

    FACTOR = 3 if st.toggle("Triple") else 2

    def unit():
        return "kg" if st.session_state.get("Metric", True) else "lb"

    @st.cache_data
    def scaled():
        speedlit.slow("scaled", 0)
        return f"{10 * FACTOR} {unit()}"

    @st.cache_data
    def scaled_by(factor):
        speedlit.slow("scaled_by", 0)
        return 10 * factor

    st.toggle("Metric", value=True, key="Metric")
    st.write(f"global={scaled()}")
    st.write(f"argument={scaled_by(FACTOR)}")
"""


def test_globals_are_not_part_of_the_key(run_app):
    value = run_app(GLOBALS, [{"do": "start"}, {"do": "set", "widget": "Triple", "value": True},
                              {"do": "set", "widget": "Metric", "value": False}])
    clean(value)
    start, triple, pounds = value["steps"]
    assert "global=20 kg" in texts(start)
    # FACTOR changed to 3 and unit() now says lb, yet the cached result is the old one
    assert "global=20 kg" in texts(triple) and "global=20 kg" in texts(pounds)
    assert value["calls"]["scaled"] == 1
    # passed as an argument, the same value does reach the key
    assert "argument=30" in texts(triple)
    assert value["calls"]["scaled_by"] == 2


CLEARING = """
    import streamlit as st
    import speedlit

    @st.cache_data
    def square(n):
        speedlit.slow("square", 0)
        return n * n

    @st.cache_data
    def cube(n):
        speedlit.slow("cube", 0)
        return n ** 3

    @st.cache_resource
    def model():
        speedlit.slow("model", 0)
        return object()

    st.button("Clear square", on_click=square.clear)
    st.button("Clear square(2)", on_click=square.clear, args=(2,))
    st.button("Clear all data", on_click=st.cache_data.clear)
    st.write(square(2), square(3), cube(2), model() is model())
"""


def test_clearing(run_app):
    value = run_app(CLEARING, [{"do": "start"}, {"do": "rerun"},
                               {"do": "click", "widget": "Clear square(2)"},
                               {"do": "click", "widget": "Clear square"},
                               {"do": "click", "widget": "Clear all data"}])
    clean(value)
    calls = [s["calls"] for s in value["steps"]]
    assert calls[0] == {"square": 2, "cube": 1, "model": 1}
    assert calls[1] == {}
    assert calls[2] == {"square": 1}  # only square(2) was dropped
    assert calls[3] == {"square": 2}  # both entries of square, cube untouched
    assert calls[4] == {"square": 2, "cube": 1}  # all data caches; the resource survived
