from checkers.spec import *

SCENARIO = [
    start(),
    choose("Region", "South"),
    set_value("Rows to show", 25),
    choose("Region", "West"),
    set_value("Rows to show", 5),
    rerun(),
    start(session=1),  # a second visitor: st.cache_data is shared by every session
]

LOADED_ONCE = "The dataset is loaded once"
RIGHT_CACHE = "The DataFrame is not shared through st.cache_resource"

CHECKS = [
    no_problems(points=1),
    calls("read_sales", exactly=1, points=4, task=1, name=LOADED_ONCE,
          what="Reading the sales file (`speedlit.read_sales()`)"),
    static(decorated_with("cache_resource", work="read_sales",
                          message="The loader returns a DataFrame but is cached with "
                                  "`@st.cache_resource`."),
           points=1, task=1, name=RIGHT_CACHE),
    same_display(points=2, task=2),
]

MISTAKES = [
    Mistake(
        "cache-resource-for-data", check=RIGHT_CACHE,
        when=decorated_with("cache_resource", work="read_sales"),
        message="`@st.cache_resource` hands every session the *same* DataFrame object, so one "
                "user's edits (a sort in place, a new column) would leak into everyone's view. "
                "Data belongs in `@st.cache_data`, which gives each caller a fresh copy.",
    ),
    Mistake(
        "cached-the-wrong-function", check=LOADED_ONCE,
        when=not_cached("read_sales"),
        message="`load_sales` itself is not cached, so the file is still read on every rerun. "
                "Caching a function that *calls* it does not help the other callers: put the "
                "cache decorator on `load_sales`.",
    ),
]
