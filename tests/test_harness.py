"""The harness reruns apps the way a browser session does: fragments, timers, sessions, clock.

Every test runs a real app through the sandbox (``Grader.run_app``) and asserts on counts.
"""
import textwrap

import pytest

from checkers.grading import Grader
from checkers.spec import advance, choose, click, rerun, start, tick


@pytest.fixture(scope="module")
def grader():
    with Grader() as g:
        yield g


def run(grader, source, scenario):
    outcome = grader.run_app(textwrap.dedent(source), scenario)
    assert outcome.error is None, outcome.error
    return outcome.value


FRAGMENT_APP = """
    import streamlit as st, speedlit
    speedlit.slow("page")
    st.title("Top")
    @st.fragment
    def part():
        speedlit.slow("part")
        pick = st.selectbox("Inside", ["a", "b", "c"])
        st.write(f"inside is {pick}")
    part()
    outside = st.selectbox("Outside", ["x", "y"])
    st.write(f"outside is {outside}")
"""


def test_widget_in_fragment_reruns_only_the_fragment(grader):
    value = run(grader, FRAGMENT_APP, [start(), choose("Inside", "b"), choose("Inside", "c")])
    first, *changes = value["steps"]
    assert first["runs"] == {"script": 1}
    for step in changes:
        assert step["runs"] == {"fragment": 1}
        assert step["calls"] == {"part": 1}
    texts = [e.get("value") for e in _flat(value["steps"][-1])]
    assert "Top" in texts and "inside is c" in texts and "outside is x" in texts


def test_widget_outside_fragment_reruns_everything(grader):
    value = run(grader, FRAGMENT_APP, [start(), choose("Outside", "y")])
    assert value["steps"][1]["runs"] == {"script": 1}
    assert value["steps"][1]["calls"] == {"page": 1, "part": 1}


def test_run_every_fires_on_tick_without_rerunning_the_page(grader):
    app = """
        import streamlit as st, speedlit
        speedlit.slow("page")
        @st.fragment(run_every=2)
        def live():
            speedlit.slow("live")
            st.write("tick")
        live()
    """
    value = run(grader, app, [start(), tick(6)])
    assert value["steps"][1]["runs"] == {"fragment": 3}
    assert value["steps"][1]["calls"] == {"live": 3}


def test_ttl_expires_when_the_clock_moves(grader):
    app = """
        import streamlit as st, speedlit
        @st.cache_data(ttl=60)
        def prices():
            speedlit.slow("fetch")
            return 42
        st.write(prices())
    """
    value = run(grader, app, [start(), advance(30), rerun(), advance(31), rerun()])
    assert [s["calls"].get("fetch", 0) for s in value["steps"]] == [1, 0, 0, 0, 1]


def test_cache_resource_is_shared_by_sessions_and_session_state_is_not(grader):
    app = """
        import streamlit as st, speedlit
        @st.cache_resource
        def model():
            speedlit.slow("build")
            return {"weights": 3}
        m = model()
        st.session_state.visits = st.session_state.get("visits", 0) + 1
        st.write(f"visits {st.session_state.visits}")
    """
    value = run(grader, app, [start(0), rerun(0), start(1)])
    assert value["calls"] == {"build": 1}
    assert value["steps"][1]["state"] == {"visits": 2}
    assert value["steps"][2]["state"] == {"visits": 1}


def test_no_grading_sees_another_gradings_cache(grader):
    app = """
        import streamlit as st, speedlit
        @st.cache_data
        def load():
            speedlit.slow("load")
            return 1
        st.write(load())
    """
    for _ in range(2):
        assert run(grader, app, [start(), rerun()])["calls"] == {"load": 1}


def test_max_entries_evicts_the_oldest_entry(grader):
    app = """
        import streamlit as st, speedlit
        @st.cache_data(max_entries=2)
        def summary(user):
            speedlit.slow("summary")
            return user.upper()
        who = st.selectbox("User", ["ann", "bob", "cy"])
        st.write(summary(who))
    """
    value = run(grader, app, [start(), choose("User", "bob"), choose("User", "cy"),
                              choose("User", "bob"), choose("User", "ann")])
    assert [s["calls"].get("summary", 0) for s in value["steps"]] == [1, 1, 1, 0, 1]


def test_st_rerun_counts_as_another_script_run(grader):
    app = """
        import streamlit as st
        if "step" not in st.session_state:
            st.session_state.step = 1
        if st.button("Next"):
            st.session_state.step += 1
            st.rerun()
        st.write(f"step {st.session_state.step}")
    """
    value = run(grader, app, [start(), click("Next")])
    assert value["steps"][1]["runs"] == {"script": 2}
    assert value["steps"][1]["state"]["step"] == 2


def test_missing_widget_is_a_problem_not_a_crash(grader):
    value = run(grader, "import streamlit as st\nst.write('hi')\n", [start(), click("Go")])
    assert "no widget" in value["steps"][1]["problem"]


def test_exceptions_are_reported_with_the_learners_line(grader):
    value = run(grader, "import streamlit as st\n\nst.write(undefined_name)\n", [start()])
    (exc,) = value["steps"][0]["exceptions"]
    assert exc["type"] == "NameError" and exc["line"] == 3


def test_syntax_error_is_reported_with_its_line(grader):
    outcome = grader.run_app("import streamlit as st\nst.write('a'\n", [start()])
    assert outcome.error["kind"] == "syntax"
    assert "Line 2" in outcome.error["message"] or "Line 3" in outcome.error["message"]


def _flat(step):
    from checkers.display import flatten

    return flatten(step["display"])


def test_form_widgets_wait_for_submit(grader):
    app = """
        import streamlit as st, speedlit
        speedlit.slow("page")
        with st.form("filters"):
            region = st.selectbox("Region", ["N", "S"])
            rows = st.slider("Rows", 1, 9, 3)
            st.form_submit_button("Apply")
        st.write(f"{region} {rows}")
    """
    value = run(grader, app, [start(), choose("Region", "S"), choose("Rows", 7), click("Apply")])
    assert [s["runs"] for s in value["steps"]] == [{"script": 1}, {}, {}, {"script": 1}]
    assert "S 7" in [e.get("value") for e in _flat(value["steps"][-1])]


def test_tabs_rerun_only_when_stateful(grader):
    from checkers.spec import open_tab

    app = """
        import streamlit as st, speedlit
        st.title("Tabs")
        plain = st.tabs(["One", "Two"])
        lazy_a, lazy_b = st.tabs(["Cheap", "Heavy"], on_change="rerun")
        if lazy_b.open:
            speedlit.slow("heavy")
            lazy_b.write("heavy stuff")
    """
    value = run(grader, app, [start(), open_tab("Two"), open_tab("Heavy"), rerun()])
    assert [s["runs"] for s in value["steps"]] == [{"script": 1}, {}, {"script": 1},
                                                   {"script": 1}]
    assert [s["calls"].get("heavy", 0) for s in value["steps"]] == [0, 0, 1, 1]
    assert all(s["problem"] is None for s in value["steps"])
