from checkers.spec import *

WORK = "read_sales"  # speedlit.read_sales(): the big CSV file on a slow drive

SCENARIO = [  # a visit of a quarter of an hour on the grader's clock, then another visitor
    start(),
    advance(5),
    choose("Region", "South"),
    advance(20),
    set_value("Rows to show", 25),
    advance(60),
    choose("Region", "West"),
    set_value("Rows to show", 5),
    advance(300),
    rerun(),
    advance(600),
    start(session=1),  # a second visitor: st.cache_data is shared by every session
]

LOADED_ONCE = "The dataset is loaded once"
RIGHT_CACHE = "The DataFrame is cached with st.cache_data"

CHECKS = [
    no_problems(),
    calls(WORK, exactly=REF, points=4, task=1, name=LOADED_ONCE,
          what="Reading the sales file (`speedlit.read_sales()`)"),
    cached_as(WORK, "cache_data", points=1, task=1, name=RIGHT_CACHE, requires=LOADED_ONCE,
              what="Reading the sales file"),
    same_page(points=2, task=2, requires=LOADED_ONCE),
]

MISTAKES = [
    Mistake(
        "cache-resource-for-data", check=RIGHT_CACHE, when=cached_kind(WORK, "cache_resource"),
        message="`@st.cache_resource` hands every session the *same* DataFrame object, so one "
                "user's edits (a sort in place, a new column) would leak into everyone's view. "
                "Data belongs in `@st.cache_data`, which gives each caller a fresh copy.",
    ),
    Mistake(
        "stored-in-session", check=LOADED_ONCE, when=stored_in_session(WORK),
        message="`st.session_state` belongs to one browser tab, so every new visitor (and every "
                "reload) reads the file again. `@st.cache_data` keeps one copy for the whole "
                "server, shared by every session.",
    ),
    Mistake(
        "session-scope", check=LOADED_ONCE, when=cache_option(WORK, "scope", equals="session"),
        message="`scope=\"session\"` gives every browser tab its own cache, so each visitor "
                "reads the file again. Drop it: the default, global scope shares one cached copy "
                "with every session.",
    ),
    Mistake(
        "cache-cleared", check=LOADED_ONCE,
        when=all_of(cached_kind(WORK), line_of_call("clear", arguments=0, first="walk")),
        message="`.clear()` on the cache runs on every rerun and throws the cached table away, "
                "so the next line reads the file again. Remove it: the file does not change "
                "while the app runs.",
    ),
    Mistake(
        "ttl-digits-in-a-string", check=LOADED_ONCE,
        when=cache_option(WORK, "ttl", below=0.001),
        message="A ttl given as a string is read by pandas as a duration, and a bare number in a "
                "string counts *nanoseconds*: `ttl=\"3600\"` expires at once, so every rerun "
                "reads the file again. The file does not change while the app runs: drop the "
                "ttl (or write `ttl=3600`, in seconds).",
    ),
    Mistake(
        "ttl-too-short", check=LOADED_ONCE, when=cache_option(WORK, "ttl", below=3600),
        message="The cache around the file expires ({found}), so a visit that lasts longer "
                "reads the file again. The sales file does not change while the app runs: "
                "cache it without a ttl (or with one of hours).",
    ),
    Mistake(
        "python-cache", when=cached_by_python(WORK),
        message="A `functools` cache lives on the function object, and Streamlit runs your "
                "whole script — its `def` included — again on every rerun: each rerun makes a "
                "new function with an empty cache, so the work is done every time. Use "
                "`@st.cache_data`, which survives reruns and is shared by every session.",
    ),
    Mistake(
        "cached-the-wrong-function", check=LOADED_ONCE, when=partly_cached(WORK),
        message="The function that reads the file is not cached itself ({found}), so every "
                "rerun that calls it directly reads the file again. Caching a function that "
                "*calls* it helps only that caller: put `@st.cache_data` on the function that "
                "calls `speedlit.read_sales()`.",
    ),
    Mistake(
        "extra-argument", check=LOADED_ONCE,
        when=cache_keyed_by(WORK, underscored=True, found="{first}", at="def"),
        message="The cached loader takes an argument it does not need ({found}), so every new "
                "value is a new cache entry and reads the whole file again. Give the loader no "
                "parameters: it reads the same file whatever the user picks.",
    ),
    Mistake(
        "not-cached", check=LOADED_ONCE, when=not_cached(WORK),
        message="The file is read outside any Streamlit cache, so every rerun reads it again. "
                "Put `@st.cache_data` on the function that calls `speedlit.read_sales()`.",
    ),
]
