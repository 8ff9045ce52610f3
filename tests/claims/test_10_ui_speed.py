"""Claims of lesson 10 (make waiting feel short), checked on the pinned Streamlit."""
from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest
import streamlit as st

from checkers.display import flatten
from observations import SPEEDLIT_PATH, shown, texts


def blocks(items: list[dict], kind: str) -> list[dict]:
    """Containers of type ``kind`` anywhere in a display tree."""
    found = []
    for item in items:
        if item.get("type") == kind:
            found.append(item)
        found.extend(blocks(item.get("children", []), kind))
    return found


def test_write_picks_element_by_type(run_app):
    source = """
    import pandas as pd
    import streamlit as st

    frame = pd.DataFrame({"n": [1, 2, 3]})
    st.write(frame)
    st.dataframe(frame)
    st.write({"store": "Lyon"})
    st.write([{"order": 1}, {"order": 2}])
    """
    obs = run_app(source, [{"do": "start"}])
    written, direct, as_dict, as_list = shown(obs["steps"][0])
    assert written["type"] == direct["type"] == "dataframe"
    assert {k: v for k, v in written.items()} == {k: v for k, v in direct.items()}
    assert as_dict["type"] == "json" and as_list["type"] == "json"


def test_progress_updates_in_place(run_app):
    source = """
    import streamlit as st

    bar = st.progress(0, text="Starting")
    for done in (25, 50, 100):
        bar.progress(done, text=f"{done}% done")
    st.write("after the bar")
    """
    obs = run_app(source, [{"do": "start"}])
    bars = [e for e in shown(obs["steps"][0]) if e["type"] == "progress"]
    assert [b["value"] for b in bars] == [100]


def test_status_keeps_lines_and_updates_label(run_app):
    source = """
    import streamlit as st

    with st.status("Building the report", expanded=True) as status:
        st.write("orders counted")
        st.write("returns counted")
        status.update(label="Report ready", state="complete")
    st.write("outside")
    """
    obs = run_app(source, [{"do": "start"}])
    # a browser draws st.status as an expander-like box whose icon shows its state
    boxes = blocks(obs["steps"][0]["display"], "status")
    assert len(boxes) == 1 and boxes[0]["label"] == "Report ready"
    assert boxes[0]["state"] == "complete"
    inside = [e.get("value") for e in flatten(boxes[0]["children"])]
    assert inside == ["orders counted", "returns counted"]
    assert "outside" in texts(obs["steps"][0])


def test_empty_holds_one_element(run_app):
    source = """
    import streamlit as st

    st.write("top")
    slot = st.empty()
    slot.write("Loading…")
    slot.write("Result: 42")
    st.write("bottom")
    """
    obs = run_app(source, [{"do": "start"}])
    assert texts(obs["steps"][0]) == ["top", "Result: 42", "bottom"]


def test_cache_data_spinner_default(run_app):
    parameter = inspect.signature(st.cache_data.__call__).parameters["show_spinner"]
    assert parameter.default is True
    # ...and show_spinner=False is accepted on a working cached function.
    source = """
    import streamlit as st
    import speedlit

    @st.cache_data(show_spinner=False)
    def count():
        speedlit.slow("count", 0)
        return 42

    st.write(f"count {count()}")
    """
    obs = run_app(source, [{"do": "start"}, {"do": "rerun"}])
    assert [s["calls"] for s in obs["steps"]] == [{"count": 1}, {}]
    assert "count 42" in texts(obs["steps"][1])


def test_dataframe_lazy_thresholds():
    from streamlit import config
    from streamlit.dataframe import lazy_df_source as lazy

    def frame(rows: int) -> pd.DataFrame:
        return pd.DataFrame({"n": np.arange(rows)})

    saved = config.get_option("global.appTest")
    config.set_option("global.appTest", False)  # a served app, not AppTest (always eager)
    try:
        def decide(rows: int, wanted):
            return lazy.resolve_lazy_source(frame(rows), wanted, is_selection_activated=False)

        assert lazy.AUTO_LAZY_ROW_THRESHOLD == 150_000 and lazy.FORCED_LAZY_MIN_ROWS == 1_000
        assert decide(150_001, None) is not None   # big: lazy on its own
        assert decide(150_000, None) is None       # at the threshold: eager
        assert decide(5_000, True) is not None     # asked for
        assert decide(1_000, True) is None         # small: sent whole even when asked
        assert decide(150_001, False) is None      # lazy=False: never
    finally:
        config.set_option("global.appTest", saved)
    assert "lazy" in inspect.signature(st.dataframe).parameters


# ---------------------------------------------------------------- in a real browser
STREAM_APP = """
import streamlit as st
import speedlit

@st.cache_data
def count_returns():
    speedlit.slow("returns", 3)
    return 17

st.title("Store report")
with st.spinner("Counting orders…"):
    speedlit.slow("orders", 3)
    st.write("orders counted")
st.write(f"returns: {count_returns()}")
st.write("all done")
st.toast("Report ready")
"""


@pytest.mark.browser
@pytest.mark.server
def test_page_streams_while_script_runs(tmp_path, streamlit_server, page):
    """Early elements show while the script is still working; the spinner comes and goes.

    The app really waits here (SPEEDLIT_LATENCY_SCALE=1): each slow step gives the browser
    three seconds in which the page must already show what was drawn before it.
    """
    (tmp_path / "app.py").write_text(STREAM_APP, encoding="utf-8")
    url = streamlit_server("app.py", cwd=tmp_path, env={
        "PYTHONPATH": SPEEDLIT_PATH, "SPEEDLIT_LATENCY_SCALE": "1"})
    page.goto(url)
    done = page.get_by_text("all done")

    page.get_by_role("heading", name="Store report").wait_for()
    page.get_by_text("Counting orders…").wait_for()       # spinner up while its block runs
    assert done.count() == 0 and page.get_by_text("orders counted").count() == 0

    page.get_by_text("orders counted").wait_for()         # the block ended ...
    page.get_by_text("Counting orders…").wait_for(state="detached", timeout=2_000)
    assert done.count() == 0                              # ... and the script still runs
    page.get_by_text("Running count_returns().").wait_for()  # the cache's own spinner
    assert done.count() == 0

    done.wait_for(timeout=15_000)
    assert page.get_by_text("orders counted").is_visible()  # what the block drew stays
    assert page.get_by_text("Running count_returns().").count() == 0
    toast = page.locator("[data-testid='stToast']")
    toast.get_by_text("Report ready").wait_for()
    assert page.locator("[data-testid='stMain']").get_by_text("Report ready").count() == 0
