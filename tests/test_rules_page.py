"""The rules fragment-chart, fragment-live, lazy-tabs, placeholder-swap, progress-feedback and
speedup-dashboard explain their failing checks with (``checkers.rules``), on small sources and
hand-made observations: each finds what it should, where it should, and nothing in a
near-miss (a correct app, or the same app without the mistake). No sandbox needed."""
from __future__ import annotations

from checkers.spec import (Finding, at_calls, cache_option, cached_elsewhere, cached_kind,
                           could_not, did_not_run, fewer_of, fragment_doing,
                           fragment_functions, fragment_never_called, fragment_without,
                           has_fragment, holds, index_from_zero, inside, line_of_call,
                           line_of_caller, located, never_cached, on_page, outermost, outside,
                           placeholder_chained, placeholder_outside_loop,
                           placeholder_written_once, ran_while_closed, reads_attribute,
                           remove_kinds, reordered, reran, reruns_inside_fragment,
                           showed_while, stale, status_left_running, unguarded_call, unless)
from checkers.spec import digit_string
from checkers.spec import tests_truth_of as truth_test  # not a test of pytest's
from tests.test_spec import ctx, page, run, step

HEAD = "import streamlit as st\nimport speedlit\n"  # lines 1-2: the code starts on line 3


def act(do="rerun", widget=None, **kw):
    """A step of kind ``do`` on ``widget`` (``tests.test_spec.step`` with a widget)."""
    s = step(do, **kw)
    if widget is not None:
        s["step"]["widget"] = widget
        s["said"] = f"{do} {widget}"
    return s


def code(text: str):
    """A context holding only a source (for the code pointers)."""
    return ctx(run(), run(), text)


def line(rule, context) -> int | None:
    found = rule(context)
    return found.line if found else None


def chart(data="a"):
    return {"type": "chart", "kind": "line", "digest": data}


def metric(value="1", label="n"):
    return {"type": "metric", "label": label, "value": value}


def status(state, *children, label="Closing"):
    return {"type": "status", "label": label, "state": state, "children": list(children)}


def bar(value):
    return {"type": "progress", "value": value, "text": ""}


def wait(call, *children):
    return {"call": call, "session": 0, "clock": 0.0, "display": page(*children)}


def tabs(*labels, open_=None, content=None):
    """A set of tabs; ``content`` maps a label to what that tab holds."""
    content = content or {}
    return {"type": "tab_container", "open": open_, "children": [
        {"type": "tab", "label": label, "children": list(content.get(label, []))}
        for label in labels]}


# ================================================================ observation helpers
def test_outermost_does_not_look_inside_what_it_finds():
    view = page(bar(10), {"type": "column", "children": [status("running", bar(50))]})
    assert [i["type"] for i in outermost(view, "progress", "status")] == ["progress", "status"]
    assert outermost(view, "metric") == []


def test_remove_kinds_takes_out_what_a_container_holds():
    view = page(status("complete", metric()), metric("2"), bar(100))
    assert remove_kinds(view, "progress", "status") == page(metric("2"))
    assert remove_kinds(view, "chart") == view


def test_at_calls_gives_the_page_at_each_call_of_the_work():
    s = step("click", waiting=[wait("close_month", bar(0)), wait("kpis"),
                               wait("close_month", bar(50))])
    assert at_calls(s, "close_month") == [page(bar(0)), page(bar(50))]
    assert at_calls(s, "read_sales") == []


def test_holds_turns_a_condition_into_a_rule():
    assert holds(lambda c: True)(code("")) == Finding("")
    assert holds(lambda c: False)(code("")) is None
    assert located(holds(lambda c: True), line_of_call("progress"), needed=False)(
        code(HEAD + "st.progress(0)\n")) == Finding("", 3)


# ================================================================ behaviour
def test_reran_a_fragment_with_or_without_the_script():
    alone = run(act("start"), act("tick", runs={"fragment": 1}, seconds=10))
    both = run(act("start"), act("tick", runs={"script": 1, "fragment": 1}, seconds=10))
    script = run(act("start"), act("tick", runs={"script": 1}, seconds=10))
    quiet = run(act("start"), act("tick", runs={"fragment": 0}, seconds=10))  # nothing reran
    plus = reran("fragment+", do="tick")
    assert plus(ctx(alone, alone)) and plus(ctx(both, alone))
    assert plus(ctx(script, alone)) is None and plus(ctx(quiet, alone)) is None
    assert reran("both", do="tick")(ctx(both, alone))
    assert reran("both", do="tick")(ctx(alone, alone)) is None
    assert reran("none", do="tick")(ctx(quiet, alone))
    assert reran("none", do="tick")(ctx(script, alone)) is None


def test_reran_a_fragment_more_often_than_its_timer_allows():
    fast = run(act("start"), act("tick", runs={"fragment": 10}, seconds=10))
    fine = run(act("start"), act("tick", runs={"fragment": 2}, seconds=10))
    rule = reran(None, do="tick", more_often_than=5)
    assert rule(ctx(fast, fine)) and rule(ctx(fine, fine)) is None


def test_did_not_run_in_a_step_that_reran():
    asked = run(act("start", calls={"q": 1}),
                act("tick", runs={"fragment": 1}, calls={"q": 1}, seconds=10))
    stale_ = run(act("start", calls={"q": 1}), act("tick", runs={"fragment": 1}, seconds=10))
    rule = did_not_run("q", do="tick", runs="fragment")
    assert rule(ctx(stale_, asked)) and rule(ctx(asked, asked)) is None
    every_run = unless(did_not_run("q", runs="script+"))
    opened = run(act("start", calls={"q": 1}), act("tab", "Orders", runs={"script": 0}),
                 act("set", "Region", calls={"q": 1}))
    assert every_run(ctx(opened, opened))  # a step with no run of the script does not count
    skipped = run(act("start", calls={"q": 1}), act("set", "Region"))
    assert every_run(ctx(skipped, opened)) is None


def test_could_not_do_a_step_on_a_widget():
    mine = run(act("start"), act("set", "Metric"))
    mine["steps"][1]["problem"] = "no widget 'Metric'"
    fine = run(act("start"), act("set", "Metric"))
    assert could_not(widget="Metric")(ctx(mine, fine)) == Finding("")
    assert could_not(widget="Metric")(ctx(fine, fine)) is None
    assert could_not(do="tab", widget="Metric")(ctx(mine, fine)) is None


def test_ran_while_closed_before_or_after_the_tab_was_opened():
    def visit(calls):  # open the app (Summary), then Forecast, then Orders
        shown = page(tabs("Summary", "Orders", "Forecast"))
        return run(act("start", calls={"w": calls[0]}, display_=shown),
                   act("tab", "Forecast", calls={"w": calls[1]}, display_=shown),
                   act("tab", "Orders", calls={"w": calls[2]}, display_=shown))

    lazy, eager, sticky = visit((0, 1, 0)), visit((1, 1, 1)), visit((0, 1, 1))
    assert ran_while_closed("w", "Forecast")(ctx(lazy, lazy)) is None
    assert ran_while_closed("w", "Forecast")(ctx(eager, lazy))
    assert ran_while_closed("w", "Forecast", before_opening=True)(ctx(eager, lazy))
    assert ran_while_closed("w", "Forecast", before_opening=False)(ctx(eager, lazy)) is None
    assert ran_while_closed("w", "Forecast", before_opening=False)(ctx(sticky, lazy))
    assert ran_while_closed("w", "Forecast", before_opening=True)(ctx(sticky, lazy)) is None


# ================================================================ the page
def test_reordered_is_the_same_elements_in_another_order():
    ref = run(act("start", display_=page(metric(label="a"), chart())))
    swapped = run(act("start", display_=page(chart(), metric(label="a"))))
    other = run(act("start", display_=page(chart(), metric(label="b"))))
    assert reordered()(ctx(swapped, ref)) == Finding("")
    assert reordered()(ctx(ref, ref)) is None
    assert reordered()(ctx(other, ref)) is None  # another element, not another order


def test_outside_and_inside_a_container_kind():
    in_tab = page(tabs("Summary", "Forecast", content={"Forecast": [chart()]}))
    on_page = page(tabs("Summary", "Forecast"), chart())
    ref, loose = run(act("start", display_=in_tab)), run(act("start", display_=on_page))
    assert outside("tab", kind="chart")(ctx(loose, ref)) == Finding("")
    assert outside("tab", kind="chart")(ctx(ref, ref)) is None
    below = run(act("click", display_=page(status("complete"), metric())))
    within = run(act("click", display_=page(status("complete", metric()))))
    assert inside("status", "metric", "dataframe")(ctx(within, below)) == Finding("")
    assert inside("status", "metric", "dataframe")(ctx(below, below)) is None


def test_fewer_of_a_kind_after_the_last_step():
    three = run(act("start", display_=page(metric(), metric(), metric())))
    one = run(act("start", display_=page(metric())))
    assert fewer_of("metric")(ctx(one, three)) == Finding("")
    assert fewer_of("metric")(ctx(three, three)) is None


def test_stale_elements_after_a_step_that_did_not_make_them():
    ref = run(act("start", calls={"s": 1}, display_=page(chart("a"))),
              act("set", "Metric", runs={"fragment": 1}, calls={"s": 1},
                  display_=page(chart("b"))))
    left = run(act("start", calls={"s": 1}, display_=page(chart("a"))),
               act("set", "Metric", runs={"fragment": 1}, display_=page(chart("a"))))
    rule = stale("chart", without="s", widget="Metric", runs="fragment")
    assert rule(ctx(left, ref)) == Finding("")
    assert rule(ctx(ref, ref)) is None
    redrawn = run(left["steps"][0], act("set", "Metric", runs={"fragment": 1}, calls={"s": 1},
                                        display_=page(chart("a"))))
    assert rule(ctx(redrawn, ref)) is None  # the series was asked: not a leftover
    whole = run(left["steps"][0], act("set", "Metric", runs={"script": 1},
                                      display_=page(chart("a"))))
    assert rule(ctx(whole, ref)) is None  # not a step where only the fragment reran


def test_on_page_an_element_of_a_kind_and_state():
    running = run(act("click", display_=page(status("running"))))
    done = run(act("click", display_=page(status("complete"))))
    assert on_page("status", state="running")(ctx(running, done)) == Finding("")
    assert on_page("status", state="running")(ctx(done, done)) is None
    short = run(act("click", display_=page(status("complete", bar(91)))))
    assert on_page("progress", value=91)(ctx(short, done))  # inside a box too
    assert on_page("progress", value=91)(ctx(run(act("click", display_=page(bar(100)))), done)) \
        is None
    assert on_page("progress", "status")(ctx(done, done))
    assert on_page("progress", "status")(ctx(run(act("click")), done)) is None


def test_showed_while_some_work_ran():
    spun = run(act("click", waiting=[wait("close_month", {"type": "spinner", "value": "…"})]))
    bars = run(act("click", waiting=[wait("close_month", status("running", bar(0)))]))
    assert showed_while("spinner")(ctx(spun, bars)) == Finding("")
    assert showed_while("spinner")(ctx(bars, bars)) is None
    assert showed_while("progress", work="close_month")(ctx(bars, bars))  # inside a box
    assert showed_while("progress", work="kpis")(ctx(bars, bars)) is None


# ================================================================ caches
def detail(work, *caches):
    return {"call": work, "session": 0, "cached": list(caches)}


def cache(kind, function, line, **options):
    return {"kind": kind, "function": function, "line": line, "ttl": None,
            "max_entries": None, "persist": None, "scope": "global", **options}


FILTERED = HEAD + "def load():\n    return speedlit.read_sales()\n" \
    "@st.cache_data\ndef filtered(region):\n    return load()\n"  # def load 3, cache 5


def test_never_cached_and_cached_elsewhere():
    outside_ = run(act("start", calls={"read_sales": 1}, details=[detail("read_sales")]))
    assert never_cached("read_sales")(ctx(outside_, outside_, FILTERED)) == Finding("")
    elsewhere = run(act("start", calls={"read_sales": 1},
                        details=[detail("read_sales", cache("cache_data", "filtered", 5))]))
    assert never_cached("read_sales")(ctx(elsewhere, elsewhere, FILTERED)) is None
    assert cached_elsewhere("read_sales")(ctx(elsewhere, elsewhere, FILTERED)) == \
        Finding("`filtered`", 5)
    own = HEAD + "@st.cache_data\ndef load():\n    return speedlit.read_sales()\n"
    itself = run(act("start", calls={"read_sales": 1},
                     details=[detail("read_sales", cache("cache_data", "load", 3))]))
    assert cached_elsewhere("read_sales")(ctx(itself, itself, own)) is None


def test_a_session_scoped_cache_and_the_innermost_function_named():
    source = HEAD + "@st.cache_resource(scope='session')\ndef model():\n" \
        "    return speedlit.train_model()\n"
    scoped = run(act("start", calls={"train_model": 1}, details=[detail(
        "train_model", cache("cache_resource", "model", 3, scope="session"))]))
    assert line(cache_option("train_model", "scope", equals="session"),
                ctx(scoped, scoped, source)) == 3
    shared = run(act("start", calls={"train_model": 1}, details=[detail(
        "train_model", cache("cache_resource", "model", 3))]))
    assert cache_option("train_model", "scope", equals="session")(
        ctx(shared, shared, source.replace("(scope='session')", ""))) is None
    assert cached_kind("train_model", innermost=True, found="`{function}`")(
        ctx(shared, shared, source)) == Finding("`model`", 3)


# ================================================================ the code: fragments
FRAGMENTS = HEAD + (
    "@st.fragment\n"                      # 3
    "def a():\n"                          # 4
    "    st.metric('n', speedlit.kpis())\n"  # 5
    "@st.fragment(run_every=10)\n"        # 6
    "def b():\n"                          # 7
    "    st.rerun()\n"                    # 8
    "def c():\n"                          # 9
    "    st.rerun(scope='fragment')\n"    # 10
    "c = st.fragment(c)\n"                # 11
    "def d():\n"                          # 12
    "    st.line_chart(speedlit.metric_series('x'))\n"  # 13
    "a()\nb()\nc()\nd()\n")               # 14-17


def test_fragment_functions_in_every_form():
    assert [f.name for f in fragment_functions(code(FRAGMENTS).tree)] == ["a", "b", "c"]
    assert line(has_fragment(), code(FRAGMENTS)) == 4
    assert has_fragment()(code(HEAD + "def a():\n    pass\na()\n")) is None


def test_fragment_doing_the_work_directly_or_through_a_helper():
    assert line(fragment_doing("kpis"), code(FRAGMENTS)) == 4
    helper = HEAD + "def header():\n    return speedlit.kpis()\n@st.fragment\ndef a():\n" \
        "    st.metric('n', header())\n"
    assert line(fragment_doing("kpis"), code(helper)) == 6
    assert fragment_doing("metric_series")(code(FRAGMENTS)) is None  # d is no fragment


def test_fragment_never_called():
    assert fragment_never_called()(code(FRAGMENTS)) is None
    unused = FRAGMENTS.replace("a()\nb()", "b()")
    assert fragment_never_called()(code(unused)) == Finding("`a`", 4)


def test_fragment_without_a_timer():
    assert line(fragment_without("run_every"), code(FRAGMENTS)) == 4  # a, bare @st.fragment
    timed = HEAD + "@st.fragment(run_every=10)\ndef b():\n    pass\n"
    assert fragment_without("run_every")(code(timed)) is None
    only = fragment_without("run_every", decorated_only=True)
    assert only(code(FRAGMENTS)) is None  # b has a timer: some fragment sets it
    assert line(only, code(FRAGMENTS.replace("(run_every=10)", ""))) == 3  # at the decorator


def test_reruns_inside_fragment_without_the_fragment_scope():
    assert line(reruns_inside_fragment(), code(FRAGMENTS)) == 8
    scoped = FRAGMENTS.replace("    st.rerun()\n", "    st.rerun(scope='fragment')\n")
    assert reruns_inside_fragment()(code(scoped)) is None
    assert reruns_inside_fragment()(code(HEAD + "if st.button('x'):\n    st.rerun()\n")) \
        is None  # not in a fragment


def test_digit_string_of_a_timer():
    digits = HEAD + "@st.fragment(run_every='10')\ndef b():\n    pass\n"
    assert digit_string("run_every", calls=("fragment",))(code(digits)) == \
        Finding('`run_every="10"`', 3)
    for fine in ("'10s'", "10", "'1m'"):
        assert digit_string("run_every")(code(digits.replace("'10'", fine))) is None
    ttl = HEAD + "@st.cache_data(ttl='10')\ndef f():\n    pass\n"
    assert digit_string("run_every", calls=("fragment",))(code(ttl)) is None
    assert digit_string("ttl", calls=("fragment",))(code(ttl)) is None
    assert digit_string("ttl")(code(ttl)) == Finding('`ttl="10"`', 3)


def test_line_of_call_inside_or_outside_fragments():
    assert line(line_of_call("metric", inside="fragment"), code(FRAGMENTS)) == 5
    assert line_of_call("metric", outside="fragment")(code(FRAGMENTS)) is None
    assert line(line_of_call("line_chart", outside="fragment", first="walk"),
                code(FRAGMENTS)) == 13
    assert line(line_of_call(doing="kpis", inside="fragment", first="walk"),
                code(FRAGMENTS)) == 5


def test_line_of_call_after_the_first_loop():
    source = HEAD + "bar = st.progress(0)\nfor m in range(3):\n    pass\n" \
        "bar.progress(100)\n"  # 3, loop 4-5, 6
    assert line(line_of_call("progress"), code(source)) == 3
    assert line(line_of_call("progress", after="loop"), code(source)) == 6
    inside_ = source.replace("    pass\nbar.progress(100)\n", "    bar.progress(m)\n")
    assert line_of_call("progress", after="loop")(code(inside_)) is None


def test_line_of_caller_prefers_where_the_app_asks():
    helper = HEAD + "def count():\n    return speedlit.orders_waiting()\n" \
        "with st.container():\n    st.metric('Orders', count())\n"  # def 3, call 6
    assert line(line_of_caller("orders_waiting", outside="fragment"), code(helper)) == 6
    assert line(line_of_call(doing="orders_waiting", outside="fragment"), code(helper)) == 4
    direct = HEAD + "st.metric('Orders', speedlit.orders_waiting())\n"
    assert line(line_of_caller("orders_waiting", outside="fragment"), code(direct)) == 3
    fragment = HEAD + "def count():\n    return speedlit.orders_waiting()\n" \
        "@st.fragment(run_every=10)\ndef panel():\n    st.metric('Orders', count())\npanel()\n"
    assert line_of_caller("orders_waiting", outside="fragment")(code(fragment)) is None
    assert line(line_of_caller("orders_waiting", inside="fragment"), code(fragment)) == 7


# ================================================================ the code: tabs and guards
TABS = HEAD + (
    "def fit(region):\n"                                          # 3
    "    return speedlit.demand_forecast(region)\n"               # 4
    "summary, orders, forecast = st.tabs(['S', 'O', 'F'], on_change='rerun')\n"  # 5
    "if forecast.open:\n"                                         # 6
    "    st.line_chart(fit('East'))\n")                           # 7


def test_tests_truth_of_a_tab_object():
    assert truth_test(made_by="tabs", doing="demand_forecast")(code(TABS)) is None
    truthy = TABS.replace("if forecast.open:", "if forecast:")
    assert truth_test(made_by="tabs", doing="demand_forecast")(code(truthy)) == \
        Finding("forecast", 6)  # through the helper `fit`
    listed = TABS.replace("summary, orders, forecast =", "tabs =").replace(
        "if forecast.open:", "if not tabs[2]:")
    assert truth_test(made_by="tabs", doing="demand_forecast")(code(listed)) == \
        Finding("not tabs[2]", 6)
    plain = truth_test(made_by="tabs", doing="fit", plain=True)
    assert plain(code(truthy)) == Finding("forecast", 6)
    assert plain(code(listed)) is None  # only `if name:`


def test_reads_attribute_open_of_a_tab_not_of_an_expander():
    assert line(reads_attribute("open", except_made_by=("expander", "popover")),
                code(TABS)) == 6
    expander = HEAD + "box = st.expander('More')\nif box.open:\n    st.write(1)\n"
    assert reads_attribute("open", except_made_by=("expander", "popover"))(code(expander)) \
        is None


def test_unguarded_call_outside_the_open_tabs_if():
    rule = unguarded_call(doing="demand_forecast", guard="open")
    assert rule(code(TABS)) is None  # the helper's call is judged where it is called
    early = TABS.replace("if forecast.open:\n    st.line_chart(fit('East'))\n",
                         "data = fit('East')\nif forecast.open:\n    st.line_chart(data)\n")
    assert line(rule, code(early)) == 6
    other = TABS + "else:\n    fit('West')\n"
    assert rule(code(other)) is None  # skip="if": the whole if is guarded
    body = unguarded_call(doing="fit", guard="open", through=False, skip="body",
                          needs_guard=True)
    assert line(body, code(other)) == 9
    assert body(code(TABS)) is None
    assert body(code(HEAD + "fit('East')\n")) is None  # no `if ….open:` at all


# ================================================================ the code: placeholders, progress
PLACES = HEAD + (
    "cols = st.columns(3)\n"                    # 3
    "for col, route in zip(cols, ROUTES):\n"    # 4
    "    slot = col.empty()\n"                  # 5
    "    slot.caption('Calculating…')\n"        # 6
    "    slot.metric(route, estimate(route))\n")  # 7


def test_placeholder_chained_makes_a_new_one_each_time():
    chained = PLACES.replace("    slot = col.empty()\n    slot.caption", "    col.empty().caption") \
        .replace("    slot.metric", "    col.empty().metric")
    assert line(placeholder_chained(), code(chained)) == 6
    assert placeholder_chained()(code(PLACES)) is None


def test_placeholder_written_once():
    once = PLACES.replace("    slot.metric", "    col.metric")
    assert line(placeholder_written_once(), code(once)) == 6
    assert placeholder_written_once()(code(PLACES)) is None


def test_placeholder_outside_the_loop_it_is_written_in():
    shared = PLACES.replace("for col, route in zip(cols, ROUTES):\n    slot = col.empty()\n",
                            "slot = st.empty()\nfor col, route in zip(cols, ROUTES):\n")
    assert line(placeholder_outside_loop(), code(shared)) == 4
    assert placeholder_outside_loop()(code(PLACES)) is None


BUILD = HEAD + (
    "bar = st.progress(0)\n"                       # 3
    "for i, month in enumerate(MONTHS):\n"         # 4
    "    close(month)\n"                           # 5
    "    bar.progress(i / len(MONTHS))\n")         # 6


def test_index_from_zero_in_a_progress_bar():
    assert line(index_from_zero("progress"), code(BUILD)) == 6
    assert index_from_zero("progress")(code(BUILD.replace("i / len", "(i + 1) / len"))) is None
    assert index_from_zero("progress")(code(BUILD.replace("(MONTHS):", "(MONTHS, start=1):"))) \
        is None


def test_status_left_running():
    left = HEAD + "box = st.status('Closing')\nfor m in MONTHS:\n    box.write(m)\n"
    assert line(status_left_running(), code(left)) == 3
    done = left + "box.update(label='Done', state='complete')\n"
    assert status_left_running()(code(done)) is None
    block = HEAD + "with st.status('Closing'):\n    close()\n"
    assert status_left_running()(code(block)) is None
