from checkers.spec import *

WORK = "quotes"  # speedlit.quotes(): the paid feed; its prices change every minute

# The grader's clock moves only where the scenario says (plus the second or so a grading
# really takes); the feed's prices change every minute of it. Every ttl from 30 s to 5 min
# gives the same calls and the same page at every step; a ttl below 29 s or above 301 s
# gives other ones.
SCENARIO = [
    advance(40),
    start(),  # 40 s: the first fetch
    choose("Symbol", "GLOBEX"),
    set_value("Shares", 25),
    advance(29),
    rerun(),  # 69 s: the feed has moved on, but the cached prices are fresh under any ttl
    start(session=1),  # another user: the cache is shared by every session
    advance(272),
    choose("Symbol", "INITECH"),  # 341 s: 301 s old, expired under any allowed ttl
    advance(29),
    set_value("Shares", 5),  # 370 s: the feed has new prices again, but the ones fetched
    rerun(session=1),  # 29 s ago are fresh under any allowed ttl, so they are shown
]
FRESH_STEPS = tuple(range(0, 8))  # up to the 272 s advance
EXPIRED_STEPS = tuple(range(8, len(SCENARIO)))

FRESH_ONCE = "The prices are fetched once while they are fresh"
REFETCHED = "The prices are fetched again after 5 minutes, then reused"
NOT_PERSISTED = "The prices are kept in memory, where a ttl applies"
SAME = "The page shows the prices the feed gives, never too old"

CHECKS = [
    no_problems(),
    calls_match(WORK, steps=FRESH_STEPS, points=3, task=1, name=FRESH_ONCE,
                what="the price feed (`quotes`)",
                why_extra="The cached prices were less than 30 s old then: every click, "
                          "rerun and other user should reuse them."),
    calls_match(WORK, steps=EXPIRED_STEPS, points=3, task=2, name=REFETCHED,
                what="the price feed (`quotes`)",
                why_missing="The cached prices were more than 5 minutes old: they must be "
                            "fetched again on the first run after that.",
                why_extra="The prices fetched moments before were still fresh."),
    cached_with(WORK, persist=False, points=1, task=2, name=NOT_PERSISTED,
                requires=(FRESH_ONCE,)),
    same_page(points=2, task=3, name=SAME, requires=FRESH_ONCE),
]

MISTAKES = [
    Mistake(
        "ttl-digits-in-a-string", when=cache_option(WORK, "ttl", below=0.001),
        message="A ttl given as a string is read by pandas as a duration, and a bare number in a "
                "string counts *nanoseconds*: `ttl=\"120\"` expires at once, so every call fetches "
                "again. Write the number without quotes (`ttl=120`, in seconds) or give the unit "
                "(`ttl=\"2min\"`).",
    ),
    Mistake(
        "persist-ignores-ttl", when=cache_option(WORK, "persist", present=True),
        message="With `persist=\"disk\"` Streamlit ignores the ttl (it logs a warning saying "
                "so): persisted entries never expire, so the desk would see the first prices "
                "forever. Drop `persist` — prices that must stay fresh should not be persisted.",
    ),
    Mistake(
        "ttl-too-short", when=cache_option(WORK, "ttl", below=30, at_least=0.001),
        message="Your app caches the prices with {found}: they expire in less than 30 s, so the "
                "feed is called more often than its contract allows. A number given as ttl "
                "counts seconds: if you meant minutes, write `ttl=\"2min\"` (or `ttl=120`). Any "
                "ttl from 30 s to 5 minutes is fine.",
    ),
    Mistake(
        "ttl-too-long", when=cache_option(WORK, "ttl", above=300),
        message="Your app caches the prices with {found}: they are kept longer than 5 minutes, so the "
                "desk would see prices older than it accepts. Use a ttl from 30 s to 5 minutes, "
                "such as `ttl=\"2min\"`.",
    ),
    Mistake(
        "background-refresh", when=cache_option(WORK, "refresh", equals="background"),
        message="With `refresh_mode=\"background\"` an expired entry is still served while new "
                "prices are fetched in the background, so the desk sees prices older than the "
                "ttl (up to twice as old). Prices that must never be older than 5 minutes want "
                "the default, `refresh_mode=\"foreground\"`.",
    ),
    Mistake(
        "stored-in-session", when=stored_in_session(WORK),
        message="`st.session_state` belongs to one browser tab, so every other user calls the "
                "paid feed again for prices this server already has. Use `@st.cache_data` with "
                "a `ttl`: its entries are shared by every session and expire on their own.",
    ),
    Mistake(
        "python-cache", when=cached_by_python(WORK),
        message="A `functools` cache lives on the function object, and Streamlit runs your "
                "whole script — its `def` included — again on every rerun: each rerun makes a "
                "new function with an empty cache, so the work is done every time. Use "
                "`@st.cache_data`, which survives reruns and is shared by every session.",
    ),
    Mistake(
        "not-cached", check=FRESH_ONCE, when=not_cached(WORK),
        message="The function that calls the feed is not cached, so every click and every rerun "
                "calls it again. Cache it with `@st.cache_data` — and since prices go stale, give "
                "the cache a `ttl` so old prices expire.",
    ),
    Mistake(
        "no-ttl", when=cache_option(WORK, "ttl", missing=True),
        message="Without a ttl a cached entry never expires: it stays until the cache is cleared "
                "or the server stops, so the desk would see the first prices all day. Give the "
                "cache a `ttl` between 30 s and 5 minutes, such as `ttl=\"2min\"`.",
    ),
]
