"""Claims of lesson 09 (fragments), checked on the pinned Streamlit.

An error a test expects is caught by the app where Streamlit raises it and shown by its type
name (``REFUSED``): the judge sees only the page.
"""
from __future__ import annotations

import time
from collections import Counter

import pytest

from checkers.display import flatten
from observations import SPEEDLIT_PATH, call_log, clean, texts

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
LAYOUT_ERROR = "streamlit.errors.StreamlitInvalidLayoutContextError"
#: What an app writes where it caught an error (``except Exception as exc:``).
REFUSED = 'st.write(f"refused: {type(exc).__module__}.{type(exc).__name__}")'


def errors(step: dict) -> list[str]:
    """The errors an app caught and showed in a step, by type."""
    return [t.removeprefix("refused: ") for t in texts(step) if t.startswith("refused: ")]


def sidebar_texts(step: dict) -> list[str]:
    bars = [b for b in step["display"] if b["type"] == "sidebar"]
    return [e.get("value") for b in bars for e in flatten(b["children"])]


def test_widget_in_fragment_reruns_only_fragment(run_app):
    source = """
    import streamlit as st
    import speedlit

    speedlit.slow("page", 0)

    @st.fragment
    def panel():
        speedlit.slow("panel", 0)
        size = st.slider("Size", 1, 10, 3)
        st.button("Refresh")
        st.write(f"size {size}")

    panel()
    """
    obs = run_app(source, [
        {"do": "start"},
        {"do": "set", "widget": "Size", "value": 7},
        {"do": "click", "widget": "Refresh"},
    ])
    start, moved, clicked = obs["steps"]
    assert start["runs"] == {"script": 1} and start["calls"] == {"page": 1, "panel": 1}
    for step in (moved, clicked):  # a slider and a button alike: the fragment, only once
        assert step["runs"] == {"fragment": 1}
        assert step["calls"] == {"panel": 1}
    assert "size 7" in texts(moved) and "size 7" in texts(clicked)


def test_main_body_not_redrawn_by_fragment_rerun(run_app):
    source = """
    import streamlit as st

    if "clicks" not in st.session_state:
        st.session_state.clicks = 0
    st.write(f"main body sees {st.session_state.clicks}")

    @st.fragment
    def panel():
        if st.button("Add"):
            st.session_state.clicks += 1
        st.write(f"fragment sees {st.session_state.clicks}")

    panel()
    """
    obs = run_app(source, [{"do": "start"}, {"do": "click", "widget": "Add"},
                           {"do": "click", "widget": "Add"}, {"do": "rerun"}])
    _, first, second, full = obs["steps"]
    assert "fragment sees 1" in texts(first) and "main body sees 0" in texts(first)
    assert "fragment sees 2" in texts(second) and "main body sees 0" in texts(second)
    assert full["runs"] == {"script": 1} and "main body sees 2" in texts(full)


def test_rerun_scope_fragment(run_app):
    source = """
    import streamlit as st
    import speedlit

    speedlit.slow("page", 0)
    if "n" not in st.session_state:
        st.session_state.n = 0

    @st.fragment
    def panel():
        speedlit.slow("panel", 0)
        st.write(f"n = {st.session_state.n}")   # drawn above the button
        if st.button("Add"):
            st.session_state.n += 1
            st.rerun(scope="fragment")          # redraw the line above

    panel()
    """
    obs = run_app(source, [{"do": "start"}, {"do": "click", "widget": "Add"}])
    click = obs["steps"][1]
    assert click["runs"] == {"fragment": 2}  # the click's run, then the requested one
    assert click["calls"] == {"panel": 2}
    assert "n = 1" in texts(click) and not click["exceptions"]

    during_full_run = """
    import streamlit as st

    @st.fragment
    def panel():
        st.write("panel")
        try:
            st.rerun(scope="fragment")
        except Exception as exc:
            REFUSED

    panel()
    """.replace("REFUSED", REFUSED)
    obs = run_app(during_full_run, [{"do": "start"}])
    clean(obs)
    assert obs["steps"][0]["runs"] == {"script": 1}  # no rerun was started
    assert errors(obs["steps"][0]) == [LAYOUT_ERROR]

    whole_app = source.replace('st.rerun(scope="fragment")', "st.rerun()")
    obs = run_app(whole_app, [{"do": "start"}, {"do": "click", "widget": "Add"}])
    click = obs["steps"][1]
    assert click["runs"] == {"fragment": 1, "script": 1}  # plain st.rerun(): the whole app
    assert click["calls"] == {"panel": 2, "page": 1} and "n = 1" in texts(click)


def test_fragment_key_rerun_from_callback(run_app):
    source = """
    import streamlit as st
    import speedlit

    speedlit.slow("page", 0)

    @st.fragment(key="orders")
    def orders():
        speedlit.slow("orders", 0)
        st.write("orders")

    orders()
    st.button("Refresh orders", on_click=lambda: st.rerun("orders"))
    """
    obs = run_app(source, [{"do": "start"}, {"do": "click", "widget": "Refresh orders"}])
    click = obs["steps"][1]
    assert click["calls"] == {"orders": 1}  # the page body did not run
    assert click["runs"].get("fragment") == 1 and not click["exceptions"]

    from_body = """
    import streamlit as st

    @st.fragment(key="orders")
    def orders():
        st.write("orders")

    orders()
    if "done" not in st.session_state:
        st.session_state.done = True
        try:
            st.rerun("orders")
        except Exception as exc:
            REFUSED
    """.replace("REFUSED", REFUSED)
    obs = run_app(from_body, [{"do": "start"}])
    clean(obs)
    assert errors(obs["steps"][0]) == ["streamlit.errors.StreamlitAPIException"]


def test_run_every_reruns_only_fragment(run_app):
    source = """
    import streamlit as st
    import speedlit

    speedlit.slow("page", 0)

    @st.fragment(run_every=2)
    def ticker():
        speedlit.slow("ticker", 0)
        st.write("tick")

    ticker()
    """
    obs = run_app(source, [{"do": "start"}, {"do": "tick", "seconds": 5}])
    waited = obs["steps"][1]
    assert waited["runs"] == {"fragment": 2}
    assert waited["calls"] == {"ticker": 2}


def test_parallel_fragments_run_concurrently(run_app):
    # Each fragment waits at a two-party barrier: it can only pass if the other fragment is
    # running at the same time. Run one after the other, the first wait would time out.
    source = """
    import threading
    import streamlit as st

    meet = threading.Barrier(2, timeout=3)

    @st.fragment(parallel=True)
    def left():
        meet.wait()
        st.write("left done")

    @st.fragment(parallel=True)
    def right():
        meet.wait()
        st.write("right done")

    left()
    right()
    """
    obs = run_app(source, [{"do": "start"}])
    step = obs["steps"][0]
    assert not step["exceptions"], step["exceptions"]
    assert {"left done", "right done"} <= set(texts(step))


def test_parallel_fragment_rerun_on_script_thread(run_app):
    source = """
    import threading
    import streamlit as st

    @st.fragment(parallel=True)
    def panel():
        st.write("thread: " + threading.current_thread().name)
        st.button("Again")

    panel()
    """
    obs = run_app(source, [{"do": "start"}, {"do": "click", "widget": "Again"}])
    full, alone = obs["steps"]
    full_thread = [t for t in texts(full) if t.startswith("thread: ")]
    alone_thread = [t for t in texts(alone) if t.startswith("thread: ")]
    assert full_thread and full_thread != ["thread: ScriptRunner.scriptThread"]
    assert alone["runs"] == {"fragment": 1}
    assert alone_thread == ["thread: ScriptRunner.scriptThread"]


def test_parallel_fragment_restrictions(run_app):
    outside = """
    import streamlit as st

    box = st.container()
    box.write("box")

    @st.fragment(parallel=True)
    def panel():
        try:
            box.write("from the fragment")
        except Exception as exc:
            REFUSED

    panel()
    """.replace("REFUSED", REFUSED)
    obs = run_app(outside, [{"do": "start"}])
    clean(obs)
    assert errors(obs["steps"][0]) == [LAYOUT_ERROR]
    assert "from the fragment" not in texts(obs["steps"][0])

    dialog = """
    import streamlit as st

    @st.dialog("Details")
    def details():
        st.write("inside the dialog")

    @st.fragment(parallel=True)
    def panel():
        try:
            details()
        except Exception as exc:
            REFUSED

    panel()
    """.replace("REFUSED", REFUSED)
    obs = run_app(dialog, [{"do": "start"}])
    clean(obs)
    assert errors(obs["steps"][0]) == [LAYOUT_ERROR]
    assert "inside the dialog" not in texts(obs["steps"][0])


def test_outside_writes_replaced_in_place(run_app):
    source = """
    import streamlit as st

    if "n" not in st.session_state:
        st.session_state.n = 0
    box = st.container()
    box.write("written by the main script")

    @st.fragment
    def panel():
        st.session_state.n += 1
        st.button("Again")
        box.write(f"fragment wrote {st.session_state.n}")
        st.sidebar.write(f"sidebar {st.session_state.n}")

    panel()
    """
    obs = run_app(source, [{"do": "start"}, {"do": "click", "widget": "Again"},
                           {"do": "click", "widget": "Again"}])
    last = obs["steps"][2]
    assert last["runs"] == {"fragment": 1} and not last["exceptions"]
    shown = texts(last)
    assert [t for t in shown if t.startswith("fragment wrote")] == ["fragment wrote 3"]
    assert shown.index("written by the main script") < shown.index("fragment wrote 3")
    assert [t for t in sidebar_texts(last) if t.startswith("sidebar")] == ["sidebar 3"]


def test_outside_write_needs_a_spot_from_the_full_run(run_app):
    late = """
    import streamlit as st

    box = st.container()
    st.write("below the box")

    @st.fragment
    def panel():
        if st.checkbox("Show note"):
            try:
                box.write("note")
            except Exception as exc:
                REFUSED

    panel()
    """.replace("REFUSED", REFUSED)
    obs = run_app(late, [{"do": "start"}, {"do": "set", "widget": "Show note", "value": True}])
    clean(obs)
    assert obs["steps"][1]["runs"] == {"fragment": 1}
    assert errors(obs["steps"][1]) == [LAYOUT_ERROR]
    assert "note" not in texts(obs["steps"][1])

    reserved = late.replace("""        if st.checkbox("Show note"):
            try:
                box.write("note")""", """        spot = box.empty()  # written on every run, full or fragment
        if st.checkbox("Show note"):
            try:
                spot.write("note")""")
    assert reserved != late
    obs = run_app(reserved, [{"do": "start"}, {"do": "set", "widget": "Show note", "value": True}])
    shown = obs["steps"][1]
    assert shown["runs"] == {"fragment": 1} and not shown["exceptions"] and not errors(shown)
    assert texts(shown).index("note") < texts(shown).index("below the box")


# ---------------------------------------------------------------- in a real browser
KEYED_APP = """
import streamlit as st
import speedlit

speedlit.slow("page", 0)
st.title("Shop floor")

@st.fragment(key="orders")
def orders():
    speedlit.slow("orders", 0)
    st.write(f"orders refreshed {speedlit.session_count('orders')} times")

orders()
st.button("Refresh orders", on_click=lambda: st.rerun("orders"))
"""


@pytest.mark.browser
@pytest.mark.server
def test_fragment_key_rerun_in_browser(tmp_path, streamlit_server, page):
    """The keyed rerun in a real browser: only the fragment runs, the page stays drawn."""
    (tmp_path / "app.py").write_text(KEYED_APP, encoding="utf-8")
    log = tmp_path / "calls.log"
    url = streamlit_server("app.py", cwd=tmp_path, env={
        "PYTHONPATH": SPEEDLIT_PATH, "SPEEDLIT_CALL_LOG": str(log),
        "SPEEDLIT_LATENCY_SCALE": "0"})
    page.goto(url)
    page.get_by_text("orders refreshed 1 times").wait_for()
    page.wait_for_selector(IDLE, state="attached")
    page.get_by_role("button", name="Refresh orders").click()
    page.get_by_text("orders refreshed 2 times").wait_for()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and call_log(log)["orders"] < 2:
        page.wait_for_timeout(50)
    page.wait_for_selector(IDLE, state="attached")
    page.wait_for_timeout(500)
    assert call_log(log) == Counter({"page": 1, "orders": 2})
    assert page.get_by_role("heading", name="Shop floor").is_visible()
    assert page.get_by_role("button", name="Refresh orders").is_visible()
