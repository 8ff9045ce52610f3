"""The mistake rules of ``checkers.rules`` on small sources and hand-made observations: each
finds what it should, where it should, and finds nothing in a near-miss (a correct app, or
the same app without the mistake). No sandbox needed."""
from __future__ import annotations

import re

import pytest

from checkers.spec import (Finding, all_of, any_of, argument_missing, assigned_every_run,
                           button_branch, cache_keyed_by, cache_option, cache_wrapping,
                           cached_by_python, cached_kind, callback_reads_script, change_reran,
                           code_after_rerun, compared_never_stored, compared_other_sequence,
                           compares, count_of, crashed_without, declares_global,
                           decorated_with, first_wrong_step, hashes_type, ignored_widget,
                           in_container, init_guard, kept_per_session, keyword_is,
                           line_of_call, line_of_text, line_of_widget, located, mentions_state,
                           missed, mutates, never_ran, not_cached, one_step_behind,
                           opens_on_other_choice, page_text, partly_cached, previous_in_tab,
                           provided, raised, ran_again_cached, ran_every_step, ran_fewer,
                           ran_on, ran_only_at_start, ran_per_session, reads_script, reran,
                           rerun_in_callback, state_aliases, state_assignment, steps_where,
                           stored_in_session, submit_guards, unkeyed_parameters, unless)
from tests.test_spec import ctx, page, run, step


# ---------------------------------------------------------------- builders
def act(do="rerun", widget=None, value=None, **kw):
    """A step of kind ``do`` on ``widget`` (test_spec's ``step`` with a widget)."""
    s = step(do, **kw)
    if widget is not None:
        s["step"]["widget"] = widget
        s["said"] = f"{do} {widget}"
    if value is not None:
        s["step"]["value"] = value
    return s


def code(text: str) -> object:
    """A context holding only a source (for the code pointers)."""
    return ctx(run(), run(), text)


def cache(kind="cache_data", function="load", line=3, **options):
    """A Streamlit cache as the running app reported it around a call."""
    held = {"ttl": None, "max_entries": None, "persist": None, "scope": "global"}
    return {"kind": kind, "function": function, "line": line, **held, **options}


def called(work, *caches, session=0):
    """A call of ``work`` with the caches computing around it (outermost first)."""
    return {"call": work, "session": session, "cached": list(caches)}


def line(rule, context):
    found = rule(context)
    return found.line if found else None


def say(text):
    return lambda context: Finding(text)


def at(number, text=""):
    return lambda context: Finding(text, number)


def nothing(context):
    return None


def selectbox(label, value):
    return {"type": "selectbox", "label": label, "value": value}


def metric(value, label="n"):
    return {"type": "metric", "label": label, "value": value}


def counts(*values, session=0):
    """A browser tab opened, then clicked, showing these numbers."""
    return [act("start" if i == 0 else "click", "Add", session=session,
                display_=page(metric(str(v)))) for i, v in enumerate(values)]


def shown_number(s):
    """The number on the page."""
    return page_text(s, r"\d+")[0]


HEAD = "import streamlit as st\nimport speedlit\n"
CACHED = HEAD + "@st.cache_data\ndef load():\n    return speedlit.read_sales()\n"  # def on 4
PLAIN = HEAD + "def load():\n    return speedlit.read_sales()\n"  # def on 3


# ================================================================ combinators
def test_any_of_says_the_first_rule_that_finds():
    assert any_of(nothing, say("a"), say("b"))(code("")) == Finding("a")
    assert any_of(nothing, nothing)(code("")) is None


def test_unless_finds_when_the_other_rule_does_not():
    assert unless(nothing)(code("")) == Finding("")
    assert unless(say("a"))(code("")) is None


def test_located_says_one_rule_at_another_rules_line():
    assert located(say("m"), at=at(7))(code("")) == Finding("m", 7)
    assert located(say("m"), at=nothing)(code("")) is None  # a line is needed
    assert located(say("m"), at=say("no line"))(code("")) is None
    assert located(at(2, "m"), at=nothing, needed=False)(code("")) == Finding("m", 2)
    assert located(nothing, at=at(7))(code("")) is None


def test_all_of_says_the_last_finding_with_a_line():
    assert all_of(at(3, "a"), say("b"), at(5, "c"), say("d"))(code("")) == Finding("c", 5)
    assert all_of(say("a"), say("b"))(code("")) == Finding("b")
    assert all_of(at(3, "a"), nothing)(code("")) is None


def test_provided_always_says_its_own_rule():
    assert provided(say("widget"), at(9, "condition"))(code("")) == Finding("widget")
    assert provided(say("widget"), at(9), nothing)(code("")) is None
    assert provided(nothing, at(9))(code("")) is None


# ================================================================ observations
def test_steps_where_filters_by_kind_widget_and_runs():
    mine = run(act("start"), act("set", "A", runs={"script": 1}),
               act("set", "B", runs={"script": 0}), act("set", "C", runs={"fragment": 1}))
    context = ctx(mine, mine)
    assert [s["step"]["widget"] for s in steps_where(context, do="set")] == ["A", "B", "C"]
    assert [s["step"]["widget"] for s in steps_where(context, do="set", runs="script+")] == ["A"]
    assert [s["step"]["widget"] for s in steps_where(context, widget=("B", "C"),
                                                     other_than=("C",))] == ["B"]


def test_first_wrong_step_and_previous_in_tab():
    ref = run(*counts(0, 1), *counts(0, 2, session=1))
    mine = run(*counts(0, 1), *counts(0, 1, session=1))
    assert first_wrong_step(ctx(mine, ref), shown_number) == 3
    assert first_wrong_step(ctx(mine, ref), shown_number, do="start") is None
    assert first_wrong_step(ctx(ref, ref), shown_number) is None
    first, second = counts(0, 1), counts(0, session=1)
    steps = [first[0], second[0], first[1]]
    assert previous_in_tab(steps, 2) is first[0]  # the other tab's step is skipped
    assert previous_in_tab(steps, 1) is None


def test_page_text_reads_values_and_labels_of_some_kinds():
    shown = act(display_=page({"type": "caption", "value": "Script run #3 in this session"},
                              {"type": "button", "label": "Run #9"}))
    assert page_text(shown, re.compile(r"#(\d+)")).group(1) == "3"
    assert page_text(shown, r"Run #(\d+)").group(1) == "9"
    assert page_text(shown, r"#(\d+)", kinds=("button",)).group(1) == "9"
    assert page_text(shown, r"Step \d") is None


FORM_PAGE = page({"type": "form", "children": [selectbox("Region", "West")]},
                 selectbox("Products", "Tea"))


def test_in_container_and_count_of():
    assert in_container(FORM_PAGE, "Region", "form") is True
    assert in_container(FORM_PAGE, "Products", "form") is False
    assert in_container(FORM_PAGE, "Minimum", "form") is None
    assert count_of(FORM_PAGE, "form") == 1 and count_of(FORM_PAGE, "selectbox") == 2
    assert count_of(FORM_PAGE, "selectbox", outside="form") == 1


# ================================================================ behaviour
def test_never_ran_is_the_work_the_reference_needed():
    ref = run(act("start", calls={"w": 1}))
    assert never_ran("w")(ctx(run(act("start")), ref)) == Finding("")
    assert never_ran("w")(ctx(run(act("start", calls={"w": 3})), ref)) is None
    assert never_ran("w")(ctx(run(act("start")), run(act("start")))) is None


def test_ran_fewer_counts_all_steps():
    ref = run(act("start", calls={"w": 1}), act(calls={"w": 1}))
    assert ran_fewer("w")(ctx(run(act("start", calls={"w": 1}), act()), ref))
    assert ran_fewer("w")(ctx(run(act("start"), act(calls={"w": 2})), ref)) is None


def test_missed_a_step_of_some_kind():
    ref = run(act("start", calls={"w": 1}), act(calls={"w": 1}))
    late = run(act("start"), act(calls={"w": 2}))
    skipped = run(act("start", calls={"w": 1}), act())
    assert missed("w")(ctx(late, ref)) and missed("w", do="start")(ctx(late, ref))
    assert missed("w")(ctx(skipped, ref)) and missed("w", do="start")(ctx(skipped, ref)) is None
    assert missed("w")(ctx(ref, ref)) is None


def regions(*values):
    """Steps setting the Measure with the Region as shown, each running ``w`` once."""
    return [act("set", "Measure", calls={"w": 1},
                display_=page(selectbox("Region", region))) for region in values]


def test_ran_on_a_widget_that_left_another_unchanged():
    rule = ran_on("w", do="set", widget="Measure", unchanged="Region", found="“{widget}”")
    opened = act("start", calls={"w": 1}, display_=page(selectbox("Region", "South")))
    assert rule(ctx(run(opened, *regions("South")), run())) == Finding("“Measure”")
    assert rule(ctx(run(opened, *regions("North")), run())) is None  # the region changed too


def test_ran_on_kinds_of_steps_and_counts():
    mine = run(act("start", calls={"w": 2}), act("set", "Chart", calls={"w": 1}),
               act("set", "Segments", calls={"w": 1}), act("rerun"))
    assert ran_on("w", more_than=1)(ctx(mine, mine))
    assert ran_on("w", do="set", more_than=1)(ctx(mine, mine)) is None
    assert ran_on("w", do="set", other_than=("Segments",), found="“{widget}”")(
        ctx(mine, mine)) == Finding("“Chart”")
    assert ran_on("w", do="set", other_than=("Segments", "Chart"))(ctx(mine, mine)) is None
    assert ran_on("w", do="rerun")(ctx(mine, mine)) is None
    assert ran_on("w", do="rerun", more_than=-1, at_most=0)(ctx(mine, mine))  # did not run


def test_ran_every_step_and_only_at_start():
    every = run(act("start", calls={"w": 1}), act(calls={"w": 1}))
    once = run(act("start", calls={"w": 1}), act())
    assert ran_every_step("w")(ctx(every, every)) and ran_every_step("w")(ctx(once, once)) is None
    assert ran_only_at_start("w")(ctx(once, once))
    assert ran_only_at_start("w")(ctx(every, every)) is None
    assert ran_only_at_start("w")(ctx(run(act("start"), act(calls={"w": 1})), once)) is None


def test_ran_per_session_once_in_each_tab():
    def tabs(*sessions):
        return run(*[act("start", session=s, calls={"w": 1}, details=[called("w", session=s)])
                     for s in sessions])

    assert ran_per_session("w")(ctx(tabs(0, 1), tabs(0)))
    assert ran_per_session("w")(ctx(tabs(0, 0, 1), tabs(0))) is None  # ran twice in one tab
    assert ran_per_session("w")(ctx(tabs(0), tabs(0))) is None  # one tab only


def test_ran_per_session_per_value():
    def shown(session, region):
        return act("set", "Region", session=session, calls={"w": 1},
                   display_=page(selectbox("Region", region)))

    rule = ran_per_session("w", per="Region")
    assert rule(ctx(run(shown(0, "South"), shown(1, "South")), run()))
    assert rule(ctx(run(shown(0, "South"), shown(1, "West")), run())) is None  # a new value
    assert rule(ctx(run(shown(0, "South"), shown(0, "South"), shown(1, "South")), run())) is None


def test_ran_again_cached_in_a_confirmed_cache():
    def loads(*caches):
        return run(*[act(calls={"read_sales": 1}, details=[called("read_sales", *c)])
                     for c in caches])

    twice = loads([cache()], [cache()])
    assert ran_again_cached("read_sales")(ctx(twice, twice, CACHED))
    assert ran_again_cached("read_sales")(ctx(twice, twice, PLAIN)) is None  # not confirmed
    once = loads([cache()], [])
    assert ran_again_cached("read_sales")(ctx(once, once, CACHED)) is None


def test_ignored_widget_names_the_input_that_never_ran_the_work():
    rule = ignored_widget("w", ("Segments", "Measure"))
    mine = run(act("start", calls={"w": 1}), act("set", "Segments", calls={"w": 1}),
               act("set", "Measure"), act("set", "Chart", calls={"w": 1}))
    assert rule(ctx(mine, mine)) == Finding("“Measure”")
    both = run(act("set", "Segments", calls={"w": 1}), act("set", "Measure", calls={"w": 1}))
    assert rule(ctx(both, both)) is None


def test_reran_counts_the_runs_of_a_step():
    twice = run(act("start"), act("click", "Add", runs={"script": 2}))
    once = run(act("start"), act("click", "Add", runs={"script": 1}))
    rule = reran("script+", do="click", more_than=1, done=None)
    assert rule(ctx(twice, once)) and rule(ctx(once, once)) is None
    failed = run(act("start"), act("click", "Add", runs={"script": 2}))
    failed["steps"][1]["problem"] = "no button 'Add'"
    assert reran("script+", do="click", more_than=1)(ctx(failed, once)) is None
    assert rule(ctx(failed, once))  # done=None counts the steps the grader could not do


def test_crashed_without_the_work():
    crashed = run(act("start", calls={"w": 1}), act())
    crashed["steps"][-1]["exceptions"] = [{"type": "KeyError", "message": "x", "line": 4}]
    assert crashed_without("w")(ctx(crashed, crashed))
    crashed["steps"][-1]["calls"] = {"w": 1}
    assert crashed_without("w")(ctx(crashed, crashed)) is None
    assert crashed_without("w")(ctx(run(act("start"), act()), crashed)) is None  # no crash


def test_one_step_behind_shows_what_the_reference_showed_before():
    ref = run(*counts(0, 1, 2))
    behind, stuck, ahead = run(*counts(0, 0, 1)), run(*counts(0, 0, 0)), run(*counts(0, 2, 3))
    assert one_step_behind(shown_number)(ctx(behind, ref))
    assert one_step_behind(shown_number, every=True)(ctx(behind, ref))
    assert one_step_behind(shown_number, every=True)(ctx(stuck, ref)) is None
    assert one_step_behind(shown_number)(ctx(ahead, ref)) is None
    assert one_step_behind(shown_number)(ctx(ref, ref)) is None


def test_one_step_behind_in_each_browser_tab():
    ref = run(*counts(0, 1), *counts(0, 1, session=1))
    behind = run(*counts(0, 1), *counts(0, 0, session=1))
    assert one_step_behind(shown_number, every=True)(ctx(behind, ref))
    shared = run(*counts(0, 1), *counts(1, 2, session=1))  # tab 2 goes on from tab 1's count
    assert one_step_behind(shown_number, every=True)(ctx(shared, ref)) is None


FILTERS = HEAD + 'with st.form("f"):\n    region = st.selectbox("Region", ["E", "W"])\n' \
    'products = st.multiselect("Products", ["Tea"])\n'  # Region on 4, Products on 5


def test_change_reran_without_a_form_points_at_the_widget():
    no_form = run(act("start"), act("set", "Region", display_=page(selectbox("Region", "W"))))
    rule = change_reran(page_has=False, kinds=("selectbox",), found="'{widget}'")
    assert rule(ctx(no_form, no_form, FILTERS)) == Finding("'Region'", 4)
    assert change_reran(page_has=False, kinds=("slider",))(ctx(no_form, no_form, FILTERS)) == \
        Finding("")  # no such widget in the source: no line
    waited = run(act("start"), act("set", "Region", runs={"script": 0}, display_=page()))
    assert rule(ctx(waited, waited, FILTERS)) is None  # the change did not rerun
    in_form = run(act("start"), act("set", "Region", display_=FORM_PAGE))
    assert rule(ctx(in_form, in_form, FILTERS)) is None


def test_change_reran_a_widget_outside_the_form():
    mine = run(act("start"), act("set", "Region", display_=FORM_PAGE),
               act("set", "Products", display_=FORM_PAGE))
    outside = change_reran(page_has=True, widget_in=False, every=True, found="'{widget}'")
    assert outside(ctx(mine, mine, FILTERS)) == Finding("'Products'", 5)
    first_only = change_reran(page_has=True, widget_in=False, found="'{widget}'")
    assert first_only(ctx(mine, mine, FILTERS)) is None  # the first change was in the form
    inside = run(act("start"), act("set", "Region", display_=FORM_PAGE))
    assert outside(ctx(inside, inside, FILTERS)) is None


# ================================================================ caches as the app held them
def loaded(*caches, work="read_sales", session=0):
    return act(calls={work: 1}, session=session, details=[called(work, *caches, session=session)])


def test_not_cached_needs_the_source_to_confirm_the_cache():
    mine = run(loaded(cache()))
    assert not_cached("read_sales")(ctx(mine, mine, CACHED)) is None
    assert not_cached("read_sales")(ctx(mine, mine, PLAIN)).line == 3  # not confirmed
    assert not_cached("read_sales")(ctx(run(loaded()), mine, CACHED)).line == 4


def test_partly_cached_names_the_cached_caller():
    source = HEAD + "def raw():\n    return speedlit.read_sales()\n" \
        "@st.cache_data\ndef load():\n    return raw()\n"  # load's decorator on 5
    mixed = run(loaded(cache(line=5)), loaded())
    assert partly_cached("read_sales")(ctx(mixed, mixed, source)) == \
        Finding("only `load` is cached", 3)
    cached = run(loaded(cache(line=5)), loaded(cache(line=5)))
    assert partly_cached("read_sales")(ctx(cached, cached, source)) is None
    assert partly_cached("read_sales")(ctx(run(loaded(), loaded()), cached, source)) is None


NESTED = HEAD + "@st.cache_data\ndef outer():\n    return inner()\n" \
    "@st.cache_resource\ndef inner():\n    return speedlit.connect()\n"  # decorators 3, 6


def test_cached_kind_as_held_and_confirmed():
    mine = run(loaded(cache("cache_data", "outer", 3), cache("cache_resource", "inner", 6),
                      work="connect"))
    assert cached_kind("connect", "cache_data")(ctx(mine, mine, NESTED)) == \
        Finding("`outer` uses `st.cache_data`.", 3)
    assert cached_kind("connect", "cache_data", innermost=True)(ctx(mine, mine, NESTED)) is None
    assert cached_kind("connect", "cache_resource", innermost=True, found="")(
        ctx(mine, mine, NESTED)) == Finding("", 6)
    assert cached_kind("connect", found="{function}")(ctx(mine, mine, NESTED)) == \
        Finding("outer", 3)  # either kind, cache_data tried first
    resource = run(loaded(cache("cache_resource", "inner", 6), work="connect"))
    assert cached_kind("connect", "cache_data")(ctx(resource, resource, NESTED)) is None
    assert cached_kind("connect")(ctx(resource, resource, HEAD)) is None  # not confirmed


@pytest.mark.parametrize("options, rule, said", [
    ({"ttl": 10.0}, cache_option("read_sales", "ttl", below=900), "ttl = 10 s"),
    ({"ttl": 1e-6}, cache_option("read_sales", "ttl", below=0.001), "ttl = 1e-06 s"),
    ({"ttl": 7200.0}, cache_option("read_sales", "ttl", below=3600, at_least=1),
     None),
    ({"ttl": 1e-6}, cache_option("read_sales", "ttl", below=3600, at_least=0.001), None),
    ({}, cache_option("read_sales", "max_entries", missing=True), "no max_entries"),
    ({"max_entries": 4}, cache_option("read_sales", "max_entries", missing=True), None),
    ({"max_entries": 2}, cache_option("read_sales", "max_entries", below=3),
     "max_entries = 2"),
    ({"max_entries": 6}, cache_option("read_sales", "max_entries", above=5), "max_entries = 6"),
    ({"max_entries": 5}, cache_option("read_sales", "max_entries", above=5), None),
    ({"ttl": 60.0}, cache_option("read_sales", "ttl", present=True), "ttl = 60 s (1 min)"),
    ({}, cache_option("read_sales", "ttl", present=True), None),
    ({"scope": "session"}, cache_option("read_sales", "scope", equals="session"),
     "scope = 'session'"),
    ({}, cache_option("read_sales", "scope", equals="session"), None),
])
def test_cache_option_as_the_running_app_held_it(options, rule, said):
    mine = run(loaded(cache(**options)))
    found = rule(ctx(mine, mine, CACHED))
    assert (found.message, found.line) == (said, 3) if said else found is None


def test_cache_option_needs_a_confirmed_cache():
    mine = run(loaded(cache(ttl=10.0)))
    assert cache_option("read_sales", "ttl", below=900)(ctx(mine, mine, PLAIN)) is None


KEYED = HEAD + "@st.cache_data\ndef load(region, _conn=None):\n    return speedlit.read_sales()\n"


def test_cache_keyed_by_the_parameters_of_the_cached_function():
    twice = run(loaded(cache()), loaded(cache()))
    assert cache_keyed_by("read_sales")(ctx(twice, twice, KEYED)) == \
        Finding("`load` takes `region`", 3)
    assert cache_keyed_by("read_sales", underscored=True, found="{parameters}", at="def")(
        ctx(twice, twice, KEYED)) == Finding("`region`, `_conn`", 4)
    assert cache_keyed_by("read_sales")(ctx(twice, twice, CACHED)) is None  # no parameters
    once = run(loaded(cache()))
    assert cache_keyed_by("read_sales")(ctx(once, once, KEYED)) is None  # did not run again
    assert cache_keyed_by("read_sales", again=False)(ctx(once, once, KEYED))


def test_cached_by_python_points_at_the_functools_decorator():
    source = HEAD + "import functools\n@functools.lru_cache(maxsize=None)\n" \
        "def load():\n    return speedlit.read_sales()\n"
    assert cached_by_python("read_sales")(code(source)) == \
        Finding("`load` uses `functools.lru_cache`.", 4)
    assert cached_by_python("read_sales")(code(source.replace("read_sales", "connect"))) is None
    assert cached_by_python("read_sales")(code(CACHED)) is None


MODEL_IN_STATE = HEAD + "st.session_state.n = 0\nst.session_state.model = speedlit.train_model()\n"


def test_kept_per_session_says_where():
    def tabs(*caches):
        return run(*[loaded(*caches, work="train_model", session=s) for s in (0, 1)])

    uncached = tabs()
    assert kept_per_session("train_model")(ctx(uncached, uncached, MODEL_IN_STATE)) == \
        Finding("`st.session_state`", 3)
    by_call = kept_per_session("train_model", at=state_assignment(made_by_call=True))
    assert by_call(ctx(uncached, uncached, MODEL_IN_STATE)) == Finding("`st.session_state`", 4)
    source = HEAD + '@st.cache_resource(scope="session")\ndef model():\n' \
        "    return speedlit.train_model()\n"
    scoped = tabs(cache("cache_resource", "model", 3, scope="session"))
    assert kept_per_session("train_model")(ctx(scoped, scoped, source)) == \
        Finding('a cache with `scope="session"`', 3)
    shared = run(loaded(work="train_model"), act(session=1))
    assert kept_per_session("train_model")(ctx(shared, shared, MODEL_IN_STATE)) is None


def test_stored_in_session_only_when_the_result_is_stored():
    assert line(stored_in_session("read_sales"), code(CACHED + "st.session_state.df = load()\n")) \
        == 6
    assert stored_in_session("read_sales")(code(CACHED + "df = load()\nst.write(df)\n")) is None
    assert stored_in_session("read_sales")(code(CACHED + "st.session_state.n = 1\n")) is None


# ================================================================ the code: calls and values
def test_line_of_call_by_name_module_and_place():
    source = HEAD + "import copy\n@st.cache_data\ndef load():\n    return speedlit.read_sales()\n" \
        "frame = speedlit.read_sales()\nmine = copy.copy(frame)\nload.clear()\n" \
        "frame.clear(1)\n"  # read_sales outside the cache on 7, copy 8, clear 9
    assert line(line_of_call("copy.copy"), code(source)) == 8
    assert line(line_of_call("copy.copy"), code(source.replace("copy.copy", "copy.deepcopy"))) \
        is None
    assert line(line_of_call("copy.copy"), code("from copy import copy\nx = copy([])\n")) == 2
    assert line(line_of_call("clear", arguments=0, first="walk"), code(source)) == 9
    assert line(line_of_call("read_sales", outside="cache"), code(source)) == 7
    assert line(line_of_call("read_sales", inside="cache"), code(source)) == 6
    assert line(line_of_call("read_sales", outside="cache"), code(CACHED)) is None


def test_line_of_text_and_line_of_widget():
    source = HEAD + 'n = 1\nst.caption(f"Script run #{n} in this session")\n' \
        'st.button("Region")\nst.selectbox("Region", ["E"])\n'
    assert line(line_of_text("Script run #"), code(source)) == 4
    assert line(line_of_text("Step "), code(source)) is None
    assert line(line_of_widget("Region"), code(source)) == 5
    assert line(line_of_widget("Region", "selectbox", "slider"), code(source)) == 6
    assert line(line_of_widget("Measure"), code(source)) is None


def test_keyword_is_a_literal_value():
    source = HEAD + 'with st.form("f", clear_on_submit=True):\n    pass\n' \
        '@st.cache_data(max_size=1000)\ndef load():\n    pass\n'
    assert keyword_is("clear_on_submit", True)(code(source)) == Finding("True", 3)
    assert keyword_is("clear_on_submit", True)(code(source.replace("True", "False"))) is None
    assert keyword_is("clear_on_submit", True)(code(source.replace("True", "1"))) is None
    assert keyword_is("max_size")(code(source)) == Finding("1000", 5)
    assert keyword_is("on_change", "ignore")(code(source)) is None


def test_argument_missing_in_every_call():
    source = HEAD + "model = speedlit.load_sentiment_model()\nmodel.score(text)\n"
    assert line(argument_missing("score", position=1), code(source)) == 4
    assert argument_missing("score", position=1)(code(source.replace(
        "score(text)", "score(text, extra=words)"))) is None
    assert argument_missing("score", position=1)(code(source.replace(
        "score(text)", "score(text, words)"))) is None
    assert argument_missing("score", position=1)(code(HEAD)) is None  # no call at all


def test_compares_with_an_operator_before_a_warning():
    source = HEAD + "if count == capacity:\n    st.warning('Full')\n"
    assert line(compares("==", then="warning"), code(source)) == 3
    assert compares("==", then="warning")(code(source.replace("==", ">="))) is None
    assert line(compares(">", "<", then="warning"), code(source.replace("==", "<"))) == 3
    assert compares("==", then="warning")(code(source.replace("warning", "info"))) is None


def test_hashes_type_in_hash_funcs():
    source = HEAD + "@st.cache_data(hash_funcs={str: len})\ndef q(_c, s):\n    pass\n"
    assert line(hashes_type("str"), code(source)) == 3
    named = source.replace("{str: len}", "{'builtins.str': len}")
    assert line(hashes_type("str"), code(named)) == 3
    right = source.replace("{str: len}", "{speedlit.Database: id}")
    assert hashes_type("str")(code(right)) is None


def test_mentions_state():
    assert line(mentions_state(), code(HEAD + "x = 1\nst.session_state.n = x\n")) == 4
    assert line(mentions_state(), code("from streamlit import session_state\n")) is None
    assert line(mentions_state(), code("from streamlit import session_state as s\ns.n = 1\n")) \
        is None  # an alias is not seen
    assert mentions_state()(code(HEAD + "st.write(1)\n")) is None


def test_raised_points_at_the_learners_line():
    crashed = run(act("start"))
    crashed["steps"][0]["exceptions"] = [{"type": "streamlit.errors.UnhashableParamError",
                                          "message": "Cannot hash", "line": 7}]
    assert raised("UnhashableParamError")(ctx(crashed, crashed)) == Finding("Cannot hash", 7)
    assert raised("UnserializableReturnValueError")(ctx(crashed, crashed)) is None
    assert raised("UnhashableParamError")(ctx(run(act("start")), crashed)) is None


def test_decorated_with_a_kind_on_the_function_doing_the_work():
    source = HEAD + "@st.cache_resource\ndef load():\n    return speedlit.region_sales('x')\n"
    assert line(decorated_with("cache_resource", work="region_sales"), code(source)) == 3
    assert decorated_with("cache_resource", work="read_sales")(code(source)) is None
    assert decorated_with("cache_data", work="region_sales")(code(source)) is None


# ================================================================ the code: caches and functions
WRAPPED = HEAD + "@st.cache_resource\ndef model():\n    return speedlit.load_sentiment_model()\n" \
    "@st.cache_resource\ndef words():\n    return {}\n" \
    "def connect():\n    return speedlit.connect()\nopen_db = st.cache_data(connect)\n"
# model's decorator on 3, words' on 6, the call form on 11


def test_cache_wrapping_of_a_kind_doing_or_not_doing_the_work():
    assert cache_wrapping("cache_resource", not_doing="load_sentiment_model",
                          global_scope=True)(code(WRAPPED)) == Finding("`words`", 6)
    session = WRAPPED.replace("@st.cache_resource\ndef words", '@st.cache_resource('
                              'scope="session")\ndef words')
    assert cache_wrapping("cache_resource", not_doing="load_sentiment_model",
                          global_scope=True)(code(session)) is None
    assert cache_wrapping("cache_data", doing="connect")(code(WRAPPED)) == \
        Finding("`connect`", 11)
    assert cache_wrapping("cache_data", doing="connect", decorated=True)(code(WRAPPED)) is None
    assert cache_wrapping("cache_data", doing="read_sales")(code(WRAPPED)) is None
    assert cache_wrapping("cache_resource")(code(WRAPPED)) == Finding("`model`", 3)


def test_unkeyed_parameters_every_one_underscored():
    source = HEAD + "@st.cache_data\ndef q(_conn, _status):\n" \
        "    return _conn.orders_by_status(_status)\n"
    assert line(unkeyed_parameters(doing="orders_by_status"), code(source)) == 4
    keyed = source.replace("_status", "status")
    assert unkeyed_parameters(doing="orders_by_status")(code(keyed)) is None
    resource = source.replace("cache_data", "cache_resource")
    assert unkeyed_parameters(doing="orders_by_status")(code(resource)) is None


def test_declares_global_in_the_function_doing_the_work():
    source = HEAD + "model = None\ndef build():\n    global model\n" \
        "    model = speedlit.train_model()\n"
    assert declares_global(doing="train_model")(code(source)) == Finding("`model`", 5)
    assert declares_global(doing="train_model")(code(source.replace("    global model\n", ""))) \
        is None
    assert declares_global(doing="read_sales")(code(source)) is None


def test_reads_script_a_variable_instead_of_an_argument():
    source = HEAD + 'region = st.selectbox("Region", ["E"])\n@st.cache_data\n' \
        "def summary():\n    return speedlit.region_sales(region)\n"
    assert reads_script(doing="region_sales")(code(source)) == Finding("`region`", 6)
    argument = source.replace("def summary():", "def summary(region):")
    assert reads_script(doing="region_sales")(code(argument)) is None


def test_submit_guards_the_work():
    source = HEAD + "def results(r):\n    return speedlit.query_sales(r, [], 0)\n" \
        'with st.form("f"):\n    go = st.form_submit_button("Run")\nif go:\n' \
        "    st.dataframe(results('W'))\n"  # the if on 7
    assert line(submit_guards(doing="query_sales"), code(source)) == 7
    inline = source.replace("if go:", "if st.form_submit_button('Again'):")
    assert line(submit_guards(doing="query_sales"), code(inline)) == 7
    always = source.replace("if go:\n    st.dataframe", "st.dataframe")
    assert submit_guards(doing="query_sales")(code(always)) is None


def test_opens_on_other_choice_when_the_options_are_not_sorted():
    source = HEAD + 'st.selectbox("Region", ["West", "East"])\n'
    mine = run(act("start", display_=page(selectbox("Region", "West"))))
    ref = run(act("start", display_=page(selectbox("Region", "East"))))
    assert opens_on_other_choice()(ctx(mine, ref, source)) == Finding("'Region'", 3)
    assert opens_on_other_choice()(ctx(ref, ref, source)) is None
    ordered = source.replace('["West", "East"]', 'sorted(["West", "East"])')
    assert opens_on_other_choice()(ctx(mine, ref, ordered)) is None


# ================================================================ the code: session state
@pytest.mark.parametrize("source, found", [
    ("st.session_state.count = 0\n", 3),
    ("with st.sidebar:\n    st.session_state['count'] = []\n", 4),
    ("if 'count' not in st.session_state:\n    st.session_state.count = 0\n", None),
    ("st.session_state.count = st.session_state.get('count', 0) + 1\n", None),
])
def test_assigned_every_run_a_fixed_value(source, found):
    assert line(assigned_every_run(), code(HEAD + source)) == found


@pytest.mark.parametrize("source, found", [
    ("st.session_state.words = {}\n", 3),
    ("st.session_state.words = dict(a=1)\n", 3),
    ("st.session_state.__setitem__('words', {})\n", 3),
    ("st.session_state.words = 0\n", None),
    ("if 'words' not in st.session_state:\n    st.session_state.words = {}\n", None),
])
def test_assigned_every_run_a_fresh_collection(source, found):
    assert line(assigned_every_run(value=("dict", "list")), code(HEAD + source)) == found


@pytest.mark.parametrize("source, found", [
    ("runs = 0\nruns += 1\n", 4),
    ("runs = 0\nruns = runs + 1\n", 4),
    ("runs = 1\n", None),
    ("st.session_state.runs += 1\n", None),
])
def test_assigned_every_run_a_variable_from_itself(source, found):
    assert line(assigned_every_run(to="variable"), code(HEAD + source)) == found


def test_state_assignment_first_or_made_by_a_call():
    assert line(state_assignment(), code(MODEL_IN_STATE)) == 3
    assert line(state_assignment(made_by_call=True), code(MODEL_IN_STATE)) == 4
    assert line(state_assignment(), code(HEAD + "st.session_state.setdefault('n', 0)\n")) == 3
    assert state_assignment()(code(HEAD + "x = st.session_state.n\n")) is None


def test_init_guard():
    assert line(init_guard(), code(HEAD + "if 'n' not in st.session_state:\n    pass\n")) == 3
    assert init_guard()(code(HEAD + "if 'n' in st.session_state:\n    pass\n")) is None


COMPARED = HEAD + "inputs = (m, c)\nif st.session_state.get('inputs_for') != inputs:\n" \
    "    st.session_state.result = speedlit.segment_customers(m, c)\n"  # the if on 4


def test_compared_never_stored():
    assert compared_never_stored()(code(COMPARED)) == Finding("`inputs_for`", 4)
    stored = COMPARED + "    st.session_state.inputs_for = inputs\n"
    assert compared_never_stored()(code(stored)) is None


def test_compared_other_sequence():
    literal = COMPARED.replace("!= inputs", "!= (m, c)")
    as_list = literal + "    st.session_state.inputs_for = [m, c]\n"  # the store on 6
    assert line(compared_other_sequence(), code(as_list)) == 6
    as_tuple = literal + "    st.session_state.inputs_for = (m, c)\n"
    assert compared_other_sequence()(code(as_tuple)) is None


def test_callback_reads_script_variables():
    source = HEAD + 'count = st.slider("Segments", 2, 6)\ndef recompute():\n' \
        "    st.session_state.r = speedlit.segment_customers('x', count)\n" \
        'st.slider("Other", 1, 2, on_change=recompute)\n'
    assert callback_reads_script()(code(source)) == Finding("`count`", 4)
    keyed = source.replace("'x', count)", "'x', st.session_state.Segments)")
    assert callback_reads_script()(code(keyed)) is None
    assert callback_reads_script("on_click")(code(source)) is None


def test_mutates_a_shared_collection():
    source = HEAD + "model = speedlit.load_sentiment_model()\nmodel.weights[w] = 2\n" \
        "score = model.score(text)\ndel model.weights[w]\n"  # add on 4, remove on 6
    assert line(mutates("weights"), code(source)) == 4
    assert line(mutates("weights", adds_and_removes=True), code(source)) == 6
    added = source.replace("del model.weights[w]\n", "")
    assert line(mutates("weights"), code(added)) == 4
    assert mutates("weights", adds_and_removes=True)(code(added)) is None
    own = HEAD + "mine = dict(model.weights)\nmine[w] = 2\nst.session_state.weights[w] = 2\n"
    assert mutates("weights")(code(own)) is None
    assert line(mutates("weights"), code(HEAD + "model.weights.update({w: 2})\n")) == 3


def test_state_aliases_a_shared_collection():
    assert line(state_aliases("weights"), code(HEAD + "st.session_state.w = model.weights\n")) \
        == 3
    assert state_aliases("weights")(code(HEAD + "st.session_state.w = dict(model.weights)\n")) \
        is None


# ================================================================ the code: buttons and callbacks
BUTTON = HEAD + 'st.metric("n", st.session_state.n)\nif st.button("Add one"):\n' \
    "    st.session_state.n += 1\n"  # the if on 4


def test_button_branch_changing_state_after_the_page_was_drawn():
    rule = button_branch(reruns=False, on_click=False, found="“{label}”")
    assert rule(code(BUTTON)) == Finding("“Add one”", 4)
    assert rule(code(BUTTON + "    st.rerun()\n")) is None
    callback = BUTTON.replace('st.button("Add one")', 'st.button("Add one", on_click=add)')
    assert rule(code(callback)) is None
    assert line(button_branch(on_click=True), code(callback)) == 4
    assert button_branch()(code(HEAD + 'if st.button("Hi"):\n    st.write("hi")\n')) is None


def test_button_branch_of_a_label_rerunning_or_not():
    rerunning = BUTTON + "    st.rerun()\n"
    assert line(button_branch(changes_state=False, reruns=True), code(rerunning)) == 4
    assert button_branch(changes_state=False, reruns=True)(code(BUTTON)) is None
    wizard = HEAD + 'if st.button("Next"):\n    st.session_state.update(step=2)\n' \
        'if st.button("Back"):\n    st.session_state.step = 1\n'
    label = button_branch(label=lambda context: "Back", state_change="assigns", reruns=False,
                          found="“{label}”")
    assert label(code(wizard)) == Finding("“Back”", 5)
    assert line(button_branch(label="Next", state_change="assigns"), code(wizard)) == 3
    reads = HEAD + 'if st.button("Next"):\n    shown = 2\n    st.write(st.session_state.step)\n'
    assert line(button_branch(state_change="any"), code(reads)) == 3  # changes, mentions
    assert button_branch(state_change="assigns")(code(reads)) is None  # but not the state
    assert button_branch(label="Done")(code(wizard)) is None


def test_rerun_in_callback():
    source = HEAD + "def go():\n    st.session_state.step += 1\n    st.rerun()\n" \
        'st.button("Next", on_click=go)\n'
    assert line(rerun_in_callback("on_click"), code(source)) == 5
    assert rerun_in_callback("on_change")(code(source)) is None
    in_body = HEAD + 'if st.button("Next"):\n    st.session_state.step += 1\n    st.rerun()\n'
    assert rerun_in_callback()(code(in_body)) is None


def test_code_after_rerun():
    source = HEAD + 'if st.button("Next"):\n    st.rerun()\n    st.session_state.a = 1\n'
    assert line(code_after_rerun(), code(source)) == 5
    saved_first = HEAD + 'if st.button("Next"):\n    st.session_state.a = 1\n    st.rerun()\n'
    assert code_after_rerun()(code(saved_first)) is None
