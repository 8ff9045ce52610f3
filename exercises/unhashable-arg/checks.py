from checkers.spec import *

QUERY, OPEN = "orders_by_status", "connect"  # db.orders_by_status(...), speedlit.connect()

SCENARIO = [  # a visit of a quarter of an hour on the grader's clock, then another user
    start(),
    choose("Status", "shipped"),
    choose("Status", "returned"),
    advance(60),
    choose("Status", "open"),  # a status queried a minute ago
    choose("Status", "shipped"),
    rerun(),
    advance(840),
    start(session=1),  # another user, a quarter of an hour later: caches are shared
    choose("Status", "returned", session=1),
]

ONCE_PER_QUERY = "The query runs once per distinct status"
RIGHT_CACHE = "Query results are cached with st.cache_data"
OPENED_ONCE = "The database is opened once"
SAME_PAGE = "The page shows the same as before, after every step"

CHECKS = [
    no_problems(),
    once_per_value(QUERY, "Status", points=4, task=1, noun="status", name=ONCE_PER_QUERY),
    cached_as(QUERY, "cache_data", points=1, task=1, name=RIGHT_CACHE, what="the query",
              requires=ONCE_PER_QUERY),
    calls(OPEN, exactly=1, points=2, task=2, name=OPENED_ONCE, requires=ONCE_PER_QUERY,
          what="Connecting to the database (`speedlit.connect()`)"),
    same_page(points=2, task=3, name=SAME_PAGE, requires=ONCE_PER_QUERY),
]


MISTAKES = [
    Mistake(
        "connection-in-the-key", check=CRASH, when=raised("UnhashableParamError"),
        message="`@st.cache_data` builds its cache key by hashing every argument, and a database "
                "connection cannot be hashed, so the app stops with `UnhashableParamError`. Name "
                "the parameter `_conn`: a leading underscore leaves it out of the key (the "
                "status stays in it). `hash_funcs={speedlit.Database: id}` works too.",
    ),
    Mistake(
        "connection-as-data", check=CRASH,
        when=all_of(raised("UnserializableReturnValueError"),
                    cache_wrapping("cache_data", doing=OPEN)),
        message="{found} is cached with `@st.cache_data`, which stores a pickled copy of what the "
                "function returns, and a database connection cannot be pickled (it holds a "
                "lock): the app stops with `UnserializableReturnValueError`. A connection is a "
                "resource: keep `@st.cache_resource` on it, and `@st.cache_data` on the query.",
    ),
    Mistake(
        "query-as-resource", check=RIGHT_CACHE, when=cached_kind(QUERY, "cache_resource"),
        message="`@st.cache_resource` hands every caller the *same* DataFrame, so one user's "
                "change to it (a sort in place, a new column) would show up for everyone. The "
                "connection is a resource; the rows a query returns are data: cache the query "
                "function with `@st.cache_data`, and keep the leading underscore on `_conn`.",
    ),
    Mistake(
        "underscored-every-argument", check=ONCE_PER_QUERY,
        when=all_of(ran_fewer(QUERY), unkeyed_parameters(doing=QUERY)),
        message="Every parameter of the cached query starts with an underscore, so none of them "
                "is part of the cache key: the first status's rows come back for every status. "
                "The underscore is only for the argument Streamlit cannot hash (the "
                "connection); the status must stay in the key: `def "
                "orders_by_customer(_conn, status)`.",
    ),
    Mistake(
        "status-hashed-alike", check=ONCE_PER_QUERY,
        when=all_of(ran_fewer(QUERY), hashes_type("str")),
        message="`hash_funcs` gives every `str` the hash this function returns, so every status "
                "hashes alike, makes the same cache key, and gets the first status's rows. Give "
                "`hash_funcs` only for the connection's type (`{speedlit.Database: id}`): "
                "Streamlit hashes the status well by itself.",
    ),
    Mistake(
        "python-cache", check=ONCE_PER_QUERY, when=cached_by_python(QUERY),
        message="A `functools` cache lives on the function object, and Streamlit runs the whole "
                "script again on every interaction, defining the function anew with an empty "
                "cache: the query runs again on every click and for every user (it does not fail "
                "on the connection only because it hashes it by identity). Use `@st.cache_data` "
                "and name the connection parameter `_conn`.",
    ),
    Mistake(
        "session-scope", check=ONCE_PER_QUERY, when=cache_option(QUERY, "scope", equals="session"),
        message="The cache has `scope=\"session\"`: each browser session gets a cache of its own, "
                "so another user runs the query again for a status already fetched. Leave "
                "`scope` out: the default, `\"global\"`, shares the results with every user.",
    ),
    Mistake(
        "ttl-too-short", check=ONCE_PER_QUERY, when=cache_option(QUERY, "ttl", below=900),
        message="Your cache has {found}: a status's rows expire, so going back to it later, or "
                "another user opening the page, runs the query again. The task asks for once "
                "per status: leave the ttl out.",
    ),
    Mistake(
        "connects-inside-the-query", check=OPENED_ONCE,
        when=cached_kind(OPEN, "cache_data", innermost=True, found=""),
        message="The cached query opens a connection of its own with `speedlit.connect()`, so "
                "every new status connects to the database again. Use the one shared "
                "connection: pass `open_db()` in as `_conn` (or call `open_db()` inside the "
                "query).",
    ),
    Mistake(
        "connection-not-cached", check=OPENED_ONCE, when=not_cached(OPEN),
        message="The function that connects is not cached any more, so every rerun opens a new "
                "connection to the database server. The connection was never the function to "
                "change: keep `@st.cache_resource` on `open_db` (one connection, shared by every "
                "session) and leave the connection out of the query's cache key with a leading "
                "underscore (`_conn`).",
    ),
    Mistake(
        "not-cached", check=ONCE_PER_QUERY, when=not_cached(QUERY),
        message="The query runs outside any Streamlit cache, so it runs on every rerun, even for "
                "a status it has just fetched. Caching it with `@st.cache_data` alone raises "
                "`UnhashableParamError`, because Streamlit cannot hash the connection argument: "
                "name it `_conn` (a leading underscore leaves it out of the cache key), or pass "
                "`hash_funcs={speedlit.Database: id}` to tell Streamlit how to hash it.",
    ),
]
