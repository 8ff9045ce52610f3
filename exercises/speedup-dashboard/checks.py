from checkers.spec import *

SCENARIO = [
    start(),
    choose("Region", "South"),
    set_value("Products", ["Tea", "Coffee"]),
    tick(10),
    open_tab("Forecast"),
    set_value("Weeks ahead", 12),
    click("Refresh orders"),
    choose("Region", "West"),
    open_tab("Data"),
    tick(20),
    start(session=1),  # a second visitor, on the same server
    open_tab("Forecast", session=1),
    choose("Region", "North", session=1),  # no region and horizon asked twice: a forecast
    tick(10, session=1),                   # cache gives the same calls as none
    rerun(),  # back in the first browser tab
]
REFRESHES = tuple(i for i, s in enumerate(SCENARIO) if s["do"] == "tick" or
                  s.get("widget") == "Refresh orders")

HEAVY = "Forecast"
LIVE_WORK = "orders_last_hour"  # speedlit.orders_last_hour(): its answer changes every 10 s
LIVE = "Orders in the last hour"  # the live metric's label

LOADED_ONCE = "The sales data is loaded once, for both visitors"
RIGHT_CACHE = "The DataFrame is cached with st.cache_data"
TRAINED_ONCE = "The model is trained once, for both visitors"
MODEL_CACHE = "The model is cached with st.cache_resource"
LAZY = "The forecast runs only while its tab is open"
TIMER = "The live panel refreshes itself every 5 to 10 seconds, alone"
FRESH = "Every refresh asks the order table again"
BUTTON = "“Refresh orders” reruns only the live panel"
LIGHT = "Refreshing the live panel runs none of the dashboard's heavy work"
SAME = "Every visitor sees what the original dashboard showed, after every step"


def first_failing(name: str, points: int, task: int, *checks: Check, requires=()) -> Check:
    """One check made of several: the first of them that fails says why."""
    return Check(name, points, lambda ctx: next(filter(None, (c.judge(ctx) for c in checks)),
                                                None), task, requires)


CHECKS = [
    no_problems(),
    calls("read_sales", exactly=REF, points=3, task=1, name=LOADED_ONCE,
          what="Reading the sales file (`speedlit.read_sales()`)"),
    cached_as("read_sales", "cache_data", points=1, task=1, name=RIGHT_CACHE,
              what="Reading the sales file", requires=LOADED_ONCE),
    calls("train_model", exactly=REF, points=2, task=2, name=TRAINED_ONCE,
          what="Training the model (`speedlit.train_model()`)"),
    cached_as("train_model", "cache_resource", points=1, task=2, name=MODEL_CACHE,
              what="Training the model", requires=TRAINED_ONCE),
    only_while_open("forecast", HEAVY, points=3, task=3, name=LAZY, what="the forecast"),
    refreshes_every(5, 10, what="the live panel", points=2, task=4, name=TIMER),
    live_number(LIVE_WORK, LIVE, period=10, source="the order table", points=1, task=4,
                name=FRESH, requires=TIMER),
    fragment_only("Refresh orders", points=1, task=4, name=BUTTON),
    first_failing(LIGHT, 2, 4, *(calls_match(
        work, steps=REFRESHES, what=what,
        why_extra="A refresh of the live panel should rerun only the “Right now” panel: keep "
                  "the rest of the dashboard out of its fragment.")
        for work, what in (("forecast", "the forecast"), ("train_model", "the training"),
                           ("read_sales", "the sales file"))), requires=TIMER),
    same_page(open_tab_only=True, live=(LIVE,), points=3, task=5, name=SAME,
              requires=LOADED_ONCE),
]


def kept_per_visitor(work: str):
    """Rule: ``work`` ran outside any cache, once in each browser tab, and the code stores
    what it returns in ``st.session_state``."""
    return all_of(ran_per_session(work), never_cached(work), stored_in_session(work))


MISTAKES = [
    Mistake(
        "cache-resource-for-data", check=RIGHT_CACHE,
        when=cached_kind("read_sales", "cache_resource"),
        message="`@st.cache_resource` hands every session the *same* DataFrame object, so one "
                "visitor's change to it (a sort in place, a new column) would show up for "
                "everyone. Data belongs in `@st.cache_data`, which gives each caller a fresh "
                "copy.",
    ),
    Mistake(
        "sales-in-session-state", check=LOADED_ONCE, when=kept_per_visitor("read_sales"),
        message="`st.session_state` belongs to one browser tab: the second visitor starts with "
                "an empty one and reads the file again. Cache the loader instead, with "
                "`@st.cache_data`: its cache is shared by every session.",
    ),
    Mistake(
        "cached-the-filter", check=LOADED_ONCE, when=cached_elsewhere("read_sales"),
        message="The file is read only inside the cache of {found}, whose entries are keyed by "
                "its arguments: each new combination of them reads the file again. Cache the "
                "function that calls `speedlit.read_sales()` itself (it needs no arguments) "
                "with `@st.cache_data`.",
    ),
    Mistake(
        "ttl-too-short", check=LOADED_ONCE, when=cache_option("read_sales", "ttl", below=40),
        message="The cache around the file expires ({found}), so after a short wait the "
                "file is read again. The sales file does not change while the app runs: cache "
                "it without a ttl (or with one of hours).",
    ),
    Mistake(
        "sales-not-cached", check=LOADED_ONCE, when=not_cached("read_sales"),
        message="The file is read outside any Streamlit cache, so every rerun reads it again. "
                "Put `@st.cache_data` on the function that calls `speedlit.read_sales()`.",
    ),
    Mistake(
        "cache-data-for-model", check=MODEL_CACHE, when=cached_kind("train_model", "cache_data"),
        message="`@st.cache_data` pickles the model when it is stored and unpickles a fresh copy "
                "on every call, so each rerun pays for copying it (and a model that cannot be "
                "pickled fails outright). A model that is only read belongs in "
                "`@st.cache_resource`: one object, shared by every session.",
    ),
    Mistake(
        "model-in-session-state", check=TRAINED_ONCE, when=kept_per_visitor("train_model"),
        message="`st.session_state` belongs to one browser tab: the second visitor starts with "
                "an empty one and trains the model again. A model that is only read can be "
                "shared: put the training in a function (`load_model`) decorated with "
                "`@st.cache_resource`, and every session gets the same object.",
    ),
    Mistake(
        "session-scoped-model", check=TRAINED_ONCE,
        when=cache_option("train_model", "scope", equals="session"),
        message="`scope=\"session\"` gives every browser tab its own cache entry, so the second "
                "visitor trains the model again. The model is only read, so it can be shared: "
                "drop `scope=\"session\"` from `@st.cache_resource`.",
    ),
    Mistake(
        "model-not-cached", check=TRAINED_ONCE, when=not_cached("train_model"),
        message="The model is trained outside any Streamlit cache, so every rerun trains it "
                "again. Put `@st.cache_resource` on the function that calls "
                "`speedlit.train_model()`: one model, shared by every session.",
    ),
    Mistake(
        "tab-always-true", check=LAZY,
        when=tests_truth_of(made_by="tabs", doing="forecast", plain=True),
        message="`if {found}:` tests the tab object itself, which is always true, so the "
                "forecast runs whichever tab is open. Test whether the tab is open: "
                "`if {found}.open:`.",
    ),
    Mistake(
        "plain-tabs", check=LAZY,
        when=located(reran("none", do="tab"), line_of_call("tabs"), needed=False),
        message="These tabs keep no state: opening one does not rerun the app, so the app "
                "cannot know which tab is open and runs the code of every tab on every rerun. "
                "Make them stateful, `st.tabs([...], on_change=\"rerun\")`, and run the forecast "
                "only `if forecast.open:`.",
    ),
    Mistake(
        "forecast-outside-the-if", check=LAZY,
        when=unguarded_call(doing="forecast", guard="open", through=False, skip="body",
                            needs_guard=True),
        message="This call runs the forecast outside the `if ….open:` block, so it runs on "
                "every rerun whichever tab is open; only drawing the chart waits. Move the "
                "call inside the `if`.",
    ),
    Mistake(
        "fragment-without-timer", check=TIMER,
        when=all_of(unless(reran("fragment+", do="tick", done=None)),
                    fragment_without("run_every", decorated_only=True)),
        message="A plain `@st.fragment` reruns only when a widget inside it is used; nothing "
                "reruns it on its own. Give it a timer: `@st.fragment(run_every=10)` reruns it "
                "every 10 seconds while the page is open, and only it.",
    ),
    Mistake(
        "live-number-cached", check=FRESH,
        when=cached_kind(LIVE_WORK, innermost=True, found="`{function}`"),
        message="The live query runs inside the cache of {found}, so a refresh shows the "
                "number it kept instead of asking the order table again. Leave the function "
                "that calls `speedlit.orders_last_hour()` uncached.",
    ),
]
