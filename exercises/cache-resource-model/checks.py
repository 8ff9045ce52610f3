from checkers.spec import *

TRAIN, READ = "train_model", "read_sales"  # the services: speedlit.train_model(), read_sales()

SCENARIO = [
    start(),
    choose("Region", "West"),
    set_value("Months ahead", 4),
    start(session=1),  # a second browser tab on the same server
    choose("Product", "Tea", session=1),
    choose("Product", "Coffee"),  # back in the first tab
    rerun(session=1),
]

BUILT_ONCE = "The model is built once for all sessions"
MODEL_SHARED = "The model is shared with st.cache_resource"
DATA_ONCE = "The sales data is loaded once"
DATA_COPIED = "The DataFrame is cached with st.cache_data"
SAME = "Every forecast is right, in both browser tabs"


CHECKS = [
    no_problems(),
    calls(TRAIN, exactly=REF, points=3, task=1, name=BUILT_ONCE,
          what="Training the model (`speedlit.train_model()`)"),
    cached_as(TRAIN, "cache_resource", points=1, task=1, name=MODEL_SHARED,
              what="Training the model", requires=BUILT_ONCE),
    calls(READ, exactly=REF, points=2, task=2, name=DATA_ONCE,
          what="Reading the sales data (`speedlit.read_sales()`)"),
    cached_as(READ, "cache_data", points=1, task=2, name=DATA_COPIED,
              what="Reading the sales data", requires=DATA_ONCE),
    same_page(points=2, task=3, name=SAME, requires=BUILT_ONCE),
]

MISTAKES = [
    Mistake(
        "model-never-trained", check=BUILT_ONCE, when=never_ran(TRAIN),
        message="Your app never trains the model, so the forecast it shows cannot be the "
                "model's. Keep `speedlit.train_model()` and `predict`, and cache the training "
                "with `@st.cache_resource`.",
    ),
    Mistake(
        "model-per-session", check=BUILT_ONCE, when=kept_per_session(TRAIN),
        message="Your app keeps the model in {found}, which belongs to one browser session: "
                "reruns reuse it, but the second browser tab trained the model again. Cache "
                "the function that builds the model with `@st.cache_resource` (default scope): "
                "every session on the server then shares the one object.",
    ),
    Mistake(
        "cache-cleared", check=BUILT_ONCE,
        when=all_of(ran_again_cached(TRAIN), line_of_call("clear", arguments=0, first="walk")),
        message="The model is cached, but this `.clear()` empties the cache each time it runs, "
                "so later reruns trained the model again. Remove it: a cached model stays valid "
                "while the server runs.",
    ),
    Mistake(
        "cached-per-choice", check=BUILT_ONCE, when=cache_keyed_by(TRAIN),
        message="The training runs inside a cached function, but {found}: every new choice is "
                "a new cache entry, so each one trains the model again. Cache a function that "
                "only trains the model and takes no arguments, and call `predict` on the model "
                "it returns, outside the cache.",
    ),
    Mistake(
        "module-variable", check=BUILT_ONCE,
        when=all_of(not_cached(TRAIN), declares_global(doing=TRAIN)),
        message="A variable of the script does not outlive a run: Streamlit runs the whole "
                "script from the top on every rerun, so {found} is reset at the top of every run and the "
                "model is trained again. Cache the function that builds the model with "
                "`@st.cache_resource` instead: its cache lives as long as the server.",
    ),
    Mistake(
        "model-not-cached", check=BUILT_ONCE, when=not_cached(TRAIN),
        message="The model is trained outside any Streamlit cache, so every rerun in every "
                "session trains it again. Put `@st.cache_resource` on the function that calls "
                "`speedlit.train_model()`: the model is then built once and the same object is "
                "shared by every rerun and every session.",
    ),
    Mistake(
        "model-in-cache-data", check=MODEL_SHARED, when=cached_kind(TRAIN, "cache_data"),
        message="`st.cache_data` pickles what the function returns and unpickles a fresh copy "
                "on every call, so every rerun copies the whole model (and a model that cannot "
                "be pickled would fail with `UnserializableReturnValueError`). A model is "
                "something you *use*, not data: cache it with `@st.cache_resource`, which "
                "stores the object itself and hands every caller the same one.",
    ),
    Mistake(
        "data-not-cached", check=DATA_ONCE, when=not_cached(READ),
        message="The sales data is read outside any Streamlit cache, so the file is read "
                "again on every rerun in every tab. Put `@st.cache_data` on the function that "
                "calls `speedlit.read_sales()`.",
    ),
    Mistake(
        "data-in-cache-resource", check=DATA_COPIED, when=cached_kind(READ, "cache_resource"),
        message="`st.cache_resource` hands every session the *same* DataFrame object, so one "
                "user's in-place change (a sort, a new column) would show up for everyone. "
                "Keep `@st.cache_resource` for the model; data belongs in `@st.cache_data`, "
                "which gives each caller its own copy.",
    ),
    Mistake(
        "options-unsorted", check=SAME, when=opens_on_other_choice("selectbox"),
        message="The selectbox {found} opens on another choice than the original app: its "
                "options are no longer sorted, so another option comes first (and is the "
                "default). Keep the widgets as they were, options in `sorted(...)` order.",
    ),
]
