import ast

from checkers.spec import *
from checkers.static import work_names

SCENARIO = [
    start(),
    choose("Status", "shipped"),
    choose("Status", "returned"),
    choose("Status", "open"),  # a status queried before
    choose("Status", "shipped"),
    rerun(),
    start(session=1),  # another user opens the app: caches are shared by every session
    choose("Status", "returned", session=1),
]

QUERY, OPEN = "orders_by_status", "connect"  # db.orders_by_status(...), speedlit.connect()
ONCE_PER_QUERY = "The query runs once per distinct status"
OPENED_ONCE = "The database is opened once"
RIGHT_CACHE = "Query results are cached with st.cache_data"
SAME_PAGE = "The page shows the same as before, after every step"


SAME_DISPLAY = same_display(points=2, task=3, name=SAME_PAGE)

CHECKS = [
    no_problems(points=1),
    once_per_value(QUERY, "Status", points=4, task=1, noun="status", name=ONCE_PER_QUERY),
    static(decorated_with("cache_resource", work=QUERY,
                          message="The query function returns a DataFrame but is cached with "
                                  "`@st.cache_resource`."),
           points=1, task=1, name=RIGHT_CACHE),
    calls(OPEN, exactly=1, points=2, task=2, name=OPENED_ONCE,
          what="Connecting to the database (`speedlit.connect()`)"),
    SAME_DISPLAY,
]


# ---------------------------------------------------------------- recognising mistakes
def _parameters(function: ast.FunctionDef) -> list[str]:
    args = function.args
    return [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]


def status_left_out_of_key(ctx) -> Finding | None:
    """The page goes wrong, and every parameter of the cached query starts with "_"."""
    if SAME_DISPLAY.evaluate(ctx) is None:
        return None
    for item in cached_functions(ctx.tree):
        names = _parameters(item.function)
        if QUERY in work_names(item.function) and len(names) > 1 and \
                all(n.startswith("_") for n in names):
            return Finding("underscored", item.function.lineno)
    return None


MISTAKES = [
    Mistake(
        "connection-in-the-key", check=CRASH, when=raised("UnhashableParamError"),
        message="`@st.cache_data` builds its cache key by hashing every argument, and a database "
                "connection cannot be hashed, so the app stops with `UnhashableParamError`. Name "
                "the parameter `_conn`: a leading underscore leaves it out of the key (the "
                "status stays in it). `hash_funcs={speedlit.Database: id}` works too.",
    ),
    Mistake(
        "query-as-resource", check=RIGHT_CACHE,
        when=decorated_with("cache_resource", work=QUERY),
        message="`@st.cache_resource` hands every caller the *same* DataFrame, so one user's "
                "change to it (a sort in place, a new column) would show up for everyone. The "
                "connection is a resource; the rows a query returns are data: cache the query "
                "function with `@st.cache_data`, and keep the leading underscore on `_conn`.",
    ),
    Mistake(
        "underscored-every-argument", when=status_left_out_of_key,
        message="Every parameter of the cached query starts with an underscore, so none of them "
                "is part of the cache key: the first status's rows come back for every status. "
                "The underscore is only for the argument Streamlit cannot hash (the "
                "connection); the status must stay in the key: `def "
                "orders_by_customer(_conn, status)`.",
    ),
    Mistake(
        "connection-not-cached", check=OPENED_ONCE, when=not_cached(OPEN),
        message="`open_db` is not cached any more, so every rerun opens a new "
                "connection to the database server. The connection was never the function to "
                "change: keep `@st.cache_resource` on `open_db` (one connection, shared by every "
                "session) and leave the connection out of the query's cache key with a leading "
                "underscore (`_conn`).",
    ),
    Mistake(
        "not-cached", check=ONCE_PER_QUERY, when=not_cached(QUERY),
        message="The query function is not cached, so the query runs on every rerun, even for "
                "a status it has just fetched. Caching it with `@st.cache_data` alone raises "
                "`UnhashableParamError`, because Streamlit cannot hash the connection argument: "
                "name it `_conn` (a leading underscore leaves it out of the cache key), or pass "
                "`hash_funcs={speedlit.Database: id}` to tell Streamlit how to hash it.",
    ),
]
