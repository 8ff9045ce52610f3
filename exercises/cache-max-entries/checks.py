from checkers.spec import *

WORK = "customer_orders"  # speedlit.customer_orders(customer): the report's join

# Every view reads its customer's report, so a cache of N reports (least recently used out
# first) still holds a customer when fewer than N others were viewed since. The scenario
# comes back to customers after 2 others (kept by any cache of 3 to 5 reports, not by 1 or 2)
# and after 5 others (pushed out of any cache of 3 to 5, kept by 6 or more, or no bound):
# every allowed max_entries builds the same reports at the same steps; every other differs.
SCENARIO = [
    start(),
    choose("Customer", "Ben"),
    set_value("Show orders", True),
    choose("Customer", "Cleo"),
    choose("Customer", "Dev"),
    choose("Customer", "Eve"),
    choose("Customer", "Finn"),
    choose("Customer", "Ada"),  # five others since: pushed out of any allowed cache
    choose("Customer", "Eve"),  # two others since: among the 3 most recent, still cached
    choose("Customer", "Finn"),
    start(session=1),  # another agent opens Ada, viewed two customers ago
]
PUSHED_OUT = (7,)
KEPT = tuple(i for i in range(len(SCENARIO)) if i not in PUSHED_OUT)

RECENT = "A recently viewed customer's report is reused"
EVICTED = "A report pushed out of the cache is built again"
RIGHT_CACHE = "The reports are cached with st.cache_data"

CHECKS = [
    no_problems(),
    calls_match(WORK, steps=KEPT, points=3, task=1, name=RECENT, what="the report's join",
                why_extra="Once built, a report should come from the cache while its "
                          "customer is among the 3 viewed most recently.",
                why_missing="A customer shown for the first time needs their report built."),
    cached_as(WORK, "cache_data", points=1, task=1, name=RIGHT_CACHE, what="the report's join",
              requires=RECENT),
    calls_match(WORK, steps=PUSHED_OUT, points=3, task=2, name=EVICTED,
                what="the report's join", requires=RECENT,
                why_missing="Five other customers were viewed since: a cache of at most 5 "
                            "reports has pushed that report out, so it must be built again."),
    same_page(points=2, task=3, requires=RECENT),
]


MISTAKES = [
    Mistake(
        "report-as-resource", check=RIGHT_CACHE, when=cached_kind(WORK, "cache_resource"),
        message="`@st.cache_resource` hands every agent the *same* DataFrame, not a copy, so one "
                "agent's change to a report (a sort in place, a new column) would show up for "
                "everyone. A report is data: cache it with `@st.cache_data(max_entries=…)`.",
    ),
    Mistake(
        "functools-lru-cache", check=RECENT, when=cached_by_python(WORK),
        message="`functools.lru_cache` keeps its entries on the function object, and Streamlit "
                "executes your whole script again on every rerun, `def` included: each run "
                "makes a new function with a new, empty cache, so every report is built again. "
                "Use `@st.cache_data(max_entries=…)`, whose cache outlives reruns and is shared "
                "by every session.",
    ),
    Mistake(
        "session-scope", check=RECENT,
        when=cache_option(WORK, "scope", equals="session"),
        message="The cache has `scope=\"session\"`: each agent's browser tab gets a cache of its "
                "own (and its own quota of reports), so a report another agent has just built "
                "is built again. Leave `scope` out: the default, `\"global\"`, shares the "
                "reports with every agent.",
    ),
    Mistake(
        "max-size-is-bytes", check=(RECENT, EVICTED),
        when=all_of(cache_option(WORK, "max_entries", missing=True), keyword_is("max_size")),
        message="`max_size={found}` bounds the cache's pickled size in *bytes*, not the number "
                "of reports: how many reports fit depends on how big they are, and here the "
                "cache did not keep the 3 to 5 most recent ones. Count reports with "
                "`max_entries` (between 3 and 5).",
    ),
    Mistake(
        "max-entries-too-small", check=RECENT, when=cache_option(WORK, "max_entries", below=3),
        message="Your cache has {found}: it holds fewer than 3 reports, so going back to a "
                "customer viewed a moment ago builds the report again. `max_entries` drops the "
                "least recently used entry first; keep at least 3 (and at most 5).",
    ),
    Mistake(
        "cache-bypassed", check=RECENT,
        when=located(partly_cached(WORK), at=line_of_call(WORK, outside="cache", first="walk"),
                     needed=False),
        message="The report is built in two ways: through your cached function, and by a call "
                "of `speedlit.customer_orders()` outside any cache, which runs again on every "
                "rerun that reaches it. Use the cached report everywhere on the page.",
    ),
    Mistake(
        "not-cached", check=RECENT, when=not_cached(WORK),
        message="The report is built outside any Streamlit cache, so every rerun builds it "
                "again, even when only the \"Show orders\" toggle changed. Cache the function "
                "that calls `speedlit.customer_orders()` with `@st.cache_data`, and bound the "
                "cache with `max_entries`.",
    ),
    Mistake(
        "ttl-instead-of-max-entries", check=EVICTED,
        when=all_of(cache_option(WORK, "ttl", present=True),
                    cache_option(WORK, "max_entries", missing=True)),
        message="A ttl is about freshness, not memory: it puts no limit on how many reports "
                "pile up within the ttl, so a busy desk can fill the server with every "
                "customer's report. Bound the number of entries with `max_entries` (between 3 "
                "and 5); a new entry then pushes out the least recently used one.",
    ),
    Mistake(
        "unbounded-cache", check=EVICTED, when=cache_option(WORK, "max_entries", missing=True),
        message="Without a bound the cache keeps one report per customer ever viewed, for as long "
                "as the server runs: every distinct argument value is a new entry. Set "
                "`max_entries` (between 3 and 5): a new entry then pushes out the least recently "
                "used one.",
    ),
    Mistake(
        "max-entries-too-large", check=EVICTED, when=cache_option(WORK, "max_entries", above=5),
        message="Your cache has {found}: it may hold more than 5 reports, more than the "
                "server's memory allows, so a customer viewed five customers ago still comes "
                "from the cache. Set `max_entries` between 3 and 5.",
    ),
]
