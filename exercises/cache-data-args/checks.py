import ast

from checkers.spec import *
from checkers.static import work_names

SCENARIO = [
    start(),
    choose("Region", "South"),
    choose("Measure", "units"),
    choose("Region", "North"),  # back to a region seen before
    choose("Region", "South"),
    choose("Region", "West"),
    choose("Measure", "revenue"),
    choose("Region", "North"),
    start(session=1),  # another user opens the app: the cache is shared by every session
]

WORK = "region_sales"  # the service region_summary asks, once per region
ONCE_PER_REGION = "Each region's summary is computed once"
RIGHT_CACHE = "The summary is cached with st.cache_data"
SAME_PAGE = "The page shows the same as before, after every step"


SAME_DISPLAY = same_display(points=2, task=2, name=SAME_PAGE)

CHECKS = [
    no_problems(points=1),
    once_per_value(WORK, "Region", points=4, task=1, noun="region", name=ONCE_PER_REGION),
    static(decorated_with("cache_resource", work=WORK,
                          message="`region_summary` returns data but is cached with "
                                  "`@st.cache_resource`."),
           points=1, task=1, name=RIGHT_CACHE),
    SAME_DISPLAY,
]


# ---------------------------------------------------------------- recognising mistakes
def _cached_summary(ctx):
    return [d for d in cached_functions(ctx.tree) if WORK in work_names(d.function)]


def _parameters(function: ast.FunctionDef) -> list[str]:
    args = function.args
    return [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]


def reads_a_global(ctx) -> Finding | None:
    """The page goes wrong, and the cached function reads a variable the script assigns
    instead of taking it as an argument."""
    if SAME_DISPLAY.evaluate(ctx) is None:
        return None
    script_names = set()
    for node in ctx.tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            script_names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    for item in _cached_summary(ctx):
        own = set(_parameters(item.function))
        for node in ast.walk(item.function):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                own.add(node.id)
        for node in ast.walk(item.function):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and \
                    node.id in script_names and node.id not in own:
                return Finding("global", node.lineno)
    return None


def extra_argument(ctx) -> Finding | None:
    """The cached function takes more (hashed) arguments than the region."""
    for item in _cached_summary(ctx):
        hashed = [p for p in _parameters(item.function) if not p.startswith("_")]
        if len(hashed) > 1:
            return Finding("extra", item.function.lineno)
    return None


MISTAKES = [
    Mistake(
        "summary-as-resource", check=RIGHT_CACHE,
        when=decorated_with("cache_resource", work=WORK),
        message="`@st.cache_resource` hands every caller the *same* object, so one user's change "
                "to the summary (a sort in place, a new column) would show up for everyone. A "
                "summary is data: cache it with `@st.cache_data`, which gives each caller a copy.",
    ),
    Mistake(
        "reads-a-global", when=reads_a_global,
        message="The cached function reads a variable of the script instead of taking it as an "
                "argument. Only the function's source code and its argument values make the "
                "cache key, so a change of that variable does not change the key: the function "
                "returns the summary it stored first, for every region. Make the region an "
                "argument: `region_summary(region)`.",
    ),
    Mistake(
        "extra-argument", check=ONCE_PER_REGION, when=extra_argument,
        message="`region_summary` is cached, but it takes more than the region. Every distinct "
                "combination of argument values is a new cache entry, so a region is summarised "
                "again for each new value of the other argument (here: each measure). Keep "
                "`region` as the only argument and pick the measure from the result after the "
                "call.",
    ),
    Mistake(
        "not-cached", check=ONCE_PER_REGION, when=not_cached(WORK),
        message="`region_summary` has no cache decorator, so its query runs on every rerun, "
                "even for a region it has just computed. Put `@st.cache_data` on it: it then runs "
                "once per distinct region and returns the stored summary after that.",
    ),
]
