from checkers.spec import *

WORK = "region_sales"  # speedlit.region_sales(region): the heavy query, one region's rows

SCENARIO = [  # a visit of a quarter of an hour on the grader's clock, then another user
    start(),
    choose("Region", "South"),
    choose("Measure", "units"),
    advance(300),
    choose("Region", "North"),  # back to a region seen five minutes ago
    choose("Region", "South"),
    choose("Region", "West"),
    choose("Measure", "revenue"),
    advance(600),
    choose("Region", "North"),  # and a quarter of an hour after it was first shown
    start(session=1),  # another user opens the app: st.cache_data is shared by every session
]

ONCE_PER_REGION = "Each region's summary is computed once"
RIGHT_CACHE = "The summary is cached with st.cache_data"
SAME_PAGE = "The page shows the same as before, after every step"

CHECKS = [
    no_problems(),
    once_per_value(WORK, "Region", points=4, task=1, noun="region", name=ONCE_PER_REGION),
    cached_as(WORK, "cache_data", points=1, task=1, name=RIGHT_CACHE,
              what="the region query", requires=ONCE_PER_REGION),
    same_page(points=2, task=2, name=SAME_PAGE, requires=ONCE_PER_REGION),
]


MISTAKES = [
    Mistake(
        "mutated-resource", check=CRASH,
        when=all_of(crashed_without(WORK), decorated_with("cache_resource", work=WORK)),
        message="Your app failed on a run that reused the summary kept by `st.cache_resource`. "
                "That cache hands every run the *same* DataFrame, so a change made to it in "
                "place (`set_index(..., inplace=True)`, a new column, a sort) is still there on "
                "the next run. Cache the summary with `@st.cache_data`, which hands each run its "
                "own copy.",
    ),
    Mistake(
        "summary-as-resource", check=RIGHT_CACHE, when=cached_kind(WORK, "cache_resource"),
        message="`@st.cache_resource` hands every caller the *same* object, so one user's change "
                "to the summary (a sort in place, a new column) would show up for everyone. A "
                "summary is data: cache it with `@st.cache_data`, which gives each caller a copy.",
    ),
    Mistake(
        "python-cache", check=ONCE_PER_REGION, when=cached_by_python(WORK),
        message="A `functools` cache lives on the function object, and Streamlit runs the whole "
                "script again on every interaction, defining the function anew with an empty "
                "cache: the query runs again on every click. Use `@st.cache_data`, whose cache "
                "survives reruns and is shared by every user.",
    ),
    Mistake(
        "kept-per-session", check=ONCE_PER_REGION,
        when=all_of(ran_per_session(WORK, per="Region"), mentions_state(), not_cached(WORK)),
        message="Each browser session queried each region once, but `st.session_state` belongs "
                "to one session: another user starts with nothing stored and runs the query "
                "again for a region already computed. `@st.cache_data` keeps one summary per "
                "region for every user: put it on the function that calls "
                "`speedlit.region_sales`.",
    ),
    Mistake(
        "session-scope", check=ONCE_PER_REGION,
        when=all_of(ran_per_session(WORK, per="Region"),
                    cache_option(WORK, "scope", equals="session")),
        message="The cache has `scope=\"session\"`: each browser session gets a cache of its own, "
                "so another user runs the query again for a region already computed. Leave "
                "`scope` out: the default, `\"global\"`, shares the summaries with every user.",
    ),
    Mistake(
        "ttl-digits-in-a-string", check=ONCE_PER_REGION,
        when=cache_option(WORK, "ttl", below=0.001),
        message="A ttl given as a string is read by pandas as a duration, and a bare number in "
                "a string counts *nanoseconds*: your cache expires at once ({found}), so every "
                "rerun runs the query again. The sales table does not change while the app runs: "
                "leave the ttl out (or write `ttl=\"1h\"`).",
    ),
    Mistake(
        "ttl-too-short", check=ONCE_PER_REGION, when=cache_option(WORK, "ttl", below=900),
        message="Your cache has {found}: it expires, so a user who comes back to a region after "
                "a while waits for its query again. The sales table does not change while the app "
                "runs: leave the ttl out (or give one of hours).",
    ),
    Mistake(
        "cache-too-small", check=ONCE_PER_REGION, when=cache_option(WORK, "max_entries", below=4),
        message="The cache keeps too few summaries ({found}) for the 4 regions: a region pushed "
                "out by newer ones is queried again when the user goes back to it. Leave "
                "`max_entries` out, or make it at least 4.",
    ),
    Mistake(
        "extra-argument", check=ONCE_PER_REGION,
        when=all_of(ran_on(WORK, do="set", widget="Measure", unchanged="Region"),
                    cached_kind(WORK, found="{function}")),
        message="`{found}` is cached, but switching the measure ran the query again: every "
                "distinct combination of argument values is a cache entry of its own, so an "
                "argument besides the region makes a region's summary be computed again for each "
                "of its values. Keep `region` as the only argument and pick the measure from the "
                "result after the call.",
    ),
    Mistake(
        "all-regions-at-once", check=ONCE_PER_REGION,
        when=all_of(ran_on(WORK, more_than=1), cached_kind(WORK)),
        message="One run of this cached function queried several regions, also ones nobody had "
                "chosen yet. Cache one summary per region instead: put `@st.cache_data` on a "
                "function that takes the region and queries only that one, so a region is "
                "queried the first time it is shown.",
    ),
    Mistake(
        "reads-a-global", when=all_of(ran_fewer(WORK), reads_script(doing=WORK)),
        message="The function that runs the query reads {found}, a variable of the script, "
                "instead of taking it as an argument. Only the function's code and its argument "
                "values make the cache key, so choosing another region does not change the key: "
                "the function returns the summary it stored first. Make the region an argument: "
                "`region_summary(region)`.",
    ),
    Mistake(
        "not-cached", check=ONCE_PER_REGION, when=not_cached(WORK),
        message="The query runs outside any Streamlit cache, so nothing keeps its result between "
                "reruns: every click, even one that only switches the measure, runs it again. "
                "Put `@st.cache_data` on the function that calls `speedlit.region_sales`: it "
                "then runs once per region and returns the stored summary after that.",
    ),
]
