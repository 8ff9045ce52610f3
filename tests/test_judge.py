"""The judge drives apps the way a browser does — fragments, forms, ``on_change="ignore"``,
stateful tabs, timers, several tabs, the cache clock — and counts what they ask for.

Every test runs a real app in the sandbox under the judge (``Grader.run_app``) and asserts on
what a browser would see and on the judge's own counts.
"""
import textwrap

import pytest

from checkers.display import flatten
from checkers.grading import Grader
from checkers.spec import advance, choose, click, open_tab, reload, rerun, start, tick

pytestmark = pytest.mark.sandbox


@pytest.fixture(scope="module")
def grader():
    with Grader() as g:
        yield g


def run(grader, source, scenario, variant=0):
    outcome = grader.run_app(textwrap.dedent(source), scenario, variant=variant)
    assert outcome.error is None, outcome.error
    return outcome.value


def texts(step) -> list:
    return [e.get("value") for e in flatten(step["display"])]


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
    assert {"Top", "inside is c", "outside is x"} <= set(texts(value["steps"][-1]))


def test_widget_outside_fragment_reruns_everything(grader):
    value = run(grader, FRAGMENT_APP, [start(), choose("Outside", "y")])
    assert value["steps"][1]["runs"] == {"script": 1}
    assert value["steps"][1]["calls"] == {"page": 1, "part": 1}


def test_fragment_elements_left_behind_disappear_others_stay(grader):
    app = """
        import streamlit as st
        st.title("Page")
        @st.fragment
        def part():
            many = st.checkbox("Many")
            for i in range(3 if many else 1):
                st.write(f"line {i}")
        part()
        st.caption("after")
    """
    value = run(grader, app, [start(), choose("Many", True), choose("Many", False)])
    assert texts(value["steps"][1]).count("line 2") == 1
    last = texts(value["steps"][2])
    assert "line 2" not in last and "line 0" in last and "Page" in last and "after" in last


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


def test_rerun_scope_fragment_reruns_only_the_fragment(grader):
    app = """
        import streamlit as st, speedlit
        speedlit.slow("page")
        @st.fragment
        def panel():
            st.session_state.setdefault("n", 0)
            if st.button("Add"):
                st.session_state.n += 1
                st.rerun(scope="fragment")
            st.write(f"n = {st.session_state.n}")
        panel()
    """
    value = run(grader, app, [start(), click("Add")])
    assert value["steps"][1]["runs"] == {"fragment": 2}
    assert value["steps"][1]["calls"] == {}
    assert "n = 1" in texts(value["steps"][1])


def test_st_rerun_costs_another_script_run(grader):
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
    assert "step 2" in texts(value["steps"][1])


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


def test_cache_resource_is_shared_by_tabs_and_session_state_is_not(grader):
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
    assert "visits 2" in texts(value["steps"][1])
    assert "visits 1" in texts(value["steps"][2])


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
    assert "N 3" in texts(value["steps"][2]) and "S 7" in texts(value["steps"][-1])


def test_ignore_widgets_wait_for_the_next_rerun(grader):
    app = """
        import streamlit as st, speedlit
        speedlit.slow("page")
        region = st.selectbox("Region", ["N", "S"], on_change="ignore")
        rows = st.slider("Rows", 1, 9, 3, on_change="ignore")
        st.button("Apply")
        st.write(f"{region} {rows}")
    """
    value = run(grader, app, [start(), choose("Region", "S"), choose("Rows", 7), click("Apply")])
    assert [s["runs"] for s in value["steps"]] == [{"script": 1}, {}, {}, {"script": 1}]
    assert [s["calls"].get("page", 0) for s in value["steps"]] == [1, 0, 0, 1]
    assert "N 3" in texts(value["steps"][2]) and "S 7" in texts(value["steps"][-1])


def test_tabs_rerun_only_when_stateful(grader):
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


def test_widgets_set_through_session_state_show_the_servers_value(grader):
    app = """
        import streamlit as st
        def clear():
            st.session_state.name = ""
        st.text_input("Name", key="name")
        st.button("Clear", on_click=clear)
        st.write(f"name is [{st.session_state.name}]")
    """
    value = run(grader, app, [start(), choose("Name", "Ada"), click("Clear"), rerun()])
    widget = [e for e in flatten(value["steps"][2]["display"]) if e.get("label") == "Name"][0]
    assert widget["value"] == "" and "name is []" in texts(value["steps"][3])


def test_a_hidden_widget_loses_its_value_unless_persisted(grader):
    app = """
        import streamlit as st
        show = st.checkbox("Show", value=True)
        if show:
            st.text_input("Plain", key="plain")
            st.text_input("Kept", key="kept", persist_state="session")
        st.write(f"plain={st.session_state.get('plain')} kept={st.session_state.get('kept')}")
    """
    value = run(grader, app, [start(), choose("Plain", "a"), choose("Kept", "b"),
                              choose("Show", False), rerun(), choose("Show", True)])
    assert "plain=None kept=b" in texts(value["steps"][4])
    assert "plain= kept=b" in texts(value["steps"][5])


def test_the_page_while_a_service_waits_shows_the_placeholder(grader):
    app = """
        import streamlit as st, speedlit
        slot = st.empty()
        slot.caption("Calculating…")
        hours = speedlit.delivery_estimate("Leipzig", "North", 40)
        slot.metric("Hours", hours)
    """
    value = run(grader, app, [start()])
    (waiting,) = value["steps"][0]["waiting"]
    assert waiting["call"] == "delivery_estimate"
    assert "Calculating…" in [e.get("value") for e in flatten(waiting["display"])]
    assert "Calculating…" not in texts(value["steps"][0])


def test_service_answers_vary_by_variant_and_count_by_name(grader):
    app = """
        import streamlit as st, speedlit
        st.write(int(speedlit.read_sales()["units"].sum()))
        st.write(speedlit.room_capacity())
    """
    one = run(grader, app, [start()], variant=1)
    two = run(grader, app, [start()], variant=2)
    assert one["calls"] == two["calls"] == {"read_sales": 1, "room_capacity": 1}
    assert texts(one["steps"][0])[0] != texts(two["steps"][0])[0]


def test_a_refused_service_call_is_an_error_in_the_app_not_a_count(grader):
    app = """
        import streamlit as st, speedlit
        st.write(speedlit.region_sales("Atlantis"))
    """
    value = run(grader, app, [start()])
    (exc,) = value["steps"][0]["exceptions"]
    assert exc["type"] == "ValueError" and "Atlantis" in exc["message"]
    assert value["calls"] == {}


def test_missing_widget_is_a_problem_not_a_crash(grader):
    value = run(grader, "import streamlit as st\nst.write('hi')\n", [start(), click("Go")])
    assert "no widget" in value["steps"][1]["problem"]


def test_exceptions_are_reported_with_the_learners_line(grader):
    value = run(grader, "import streamlit as st\n\nst.write(undefined_name)\n", [start()])
    (exc,) = value["steps"][0]["exceptions"]
    assert exc["type"] == "NameError" and exc["line"] == 3


def test_a_reload_starts_a_new_session_at_the_same_url(grader):
    app = """
        import streamlit as st
        st.session_state.visits = st.session_state.get("visits", 0) + 1
        st.query_params["seen"] = str(int(st.query_params.get("seen", 0)) + 1)
        st.write(f"visits {st.session_state.visits} seen {st.query_params['seen']}")
    """
    value = run(grader, app, [start(), rerun(), reload(), rerun()])
    assert [texts(s)[0] for s in value["steps"]] == [
        "visits 1 seen 1", "visits 2 seen 2", "visits 1 seen 3", "visits 2 seen 4"]
    assert value["runs"] == {"script": 4}  # the ended session's runs still count


def test_clear_on_submit_puts_the_form_back_to_its_defaults(grader):
    app = """
        import streamlit as st
        with st.form("f", clear_on_submit=True):
            word = st.text_input("Word", "tea")
            st.form_submit_button("Go")
        st.write(f"got {word}")
    """
    from checkers.spec import set_value

    value = run(grader, app, [start(), set_value("Word", "cocoa"), click("Go"), rerun()])
    shown = [[(e.get("label"), e.get("value")) for e in flatten(s["display"])]
             for s in value["steps"]]
    assert ("Word", "cocoa") in shown[1] and ("Word", "tea") in shown[2]  # cleared in the form
    assert texts(value["steps"][2])[-1] == "got cocoa"  # the submitted value was used
    assert texts(value["steps"][3])[-1] == "got cocoa"  # a rerun does not submit the defaults
