from checkers.spec import *

HEAVY = "Forecast"
WORK = "demand_forecast"  # speedlit.demand_forecast(region): 2 s, only the Forecast tab shows it

SCENARIO = [
    start(),  # the Summary tab is open: nobody looks at the forecast
    choose("Region", "South"),
    rerun(),
    choose("Region", "East"),
    open_tab(HEAVY),  # the first time anyone looks at the forecast
    choose("Region", "West"),  # a new region while the forecast is looked at
    open_tab("Orders"),  # left: the forecast is not looked at again
    choose("Region", "North"),
    rerun(),
]

ONLY_OPEN = "The forecast is fitted only while its tab is open"
SAME = "The open tab shows what it showed before, after every step"

CHECKS = [
    no_problems(),
    only_while_open(WORK, HEAVY, points=5, task=1, name=ONLY_OPEN, what="the forecast"),
    same_page(points=3, task=2, open_tab_only=True, name=SAME, requires=ONLY_OPEN),
]


# What the judge saw: the forecast fitted while another tab was open; tabs that keep no
# state (opening one reran nothing: the browser only showed another tab).
RAN_CLOSED = ran_while_closed(WORK, HEAVY)
PLAIN_TABS = reran("none", do="tab")
TABS_LINE = line_of_call("tabs", first="walk")

MISTAKES = [
    Mistake(
        "no-forecast-tab", check=ONLY_OPEN, when=could_not(do="tab", widget=HEAVY),
        message="Your page has no tab labelled 'Forecast', so the forecast cannot be looked at "
                "where the task puts it (the grader opens the tabs by their labels, as a user "
                "would). Keep the three tabs of `st.tabs` (Summary, Orders and Forecast) and make "
                "the Forecast tab lazy instead: `on_change=\"rerun\"` on `st.tabs`, and the "
                "forecast fitted only `if forecast.open:`.",
    ),
    Mistake(
        "tab-tested-for-truth", check=ONLY_OPEN,
        when=all_of(RAN_CLOSED, tests_truth_of(made_by="tabs", doing=WORK)),
        message="`if {found}:` tests the tab object itself, and a tab object is always true, "
                "so the code under it runs on every rerun, whichever tab is open. Test the "
                "tab's `.open` instead: with `on_change=\"rerun\"` on `st.tabs` it is `True` "
                "only while that tab is the open one.",
    ),
    Mistake(
        "cached-instead-of-lazy", check=ONLY_OPEN,
        when=all_of(PLAIN_TABS, ran_while_closed(WORK, HEAVY, before_opening=True),
                    cached_kind(WORK)),
        message="Caching the forecast means each region's model is fitted only once, but it is "
                "still fitted as soon as the page opens, before anyone looks at the Forecast "
                "tab: a plain `st.tabs` runs the code of every tab on every rerun. Give "
                "`st.tabs` `on_change=\"rerun\"` and fit and draw the forecast only "
                "`if forecast.open:`.",
    ),
    Mistake(
        "plain-tabs", check=ONLY_OPEN,
        when=located(all_of(PLAIN_TABS, RAN_CLOSED), TABS_LINE, needed=False),
        message="A plain `st.tabs` runs the code of every tab on every rerun, open or not: "
                "opening a tab does not even rerun the app, the browser only shows another tab. "
                "Give `st.tabs` `on_change=\"rerun\"`: then each tab's `.open` says whether it "
                "is the open one, and the forecast can be fitted only `if forecast.open:`.",
    ),
    Mistake(
        "open-without-on-change", check=ONLY_OPEN,
        when=located(all_of(PLAIN_TABS, missed(WORK), unless(RAN_CLOSED),
                            reads_attribute("open", except_made_by=("expander", "popover"))),
                     TABS_LINE, needed=False),
        message="Without `on_change=\"rerun\"` the tabs do not track which one is open: every "
                "tab's `.open` is `None`, so a test like `if forecast.open:` is never true and "
                "the forecast is never fitted. Pass `on_change=\"rerun\"` to `st.tabs`; then "
                "`.open` is `True` for the open tab and opening a tab reruns the script.",
    ),
    Mistake(
        "computed-outside-the-if", check=ONLY_OPEN,
        when=all_of(unless(PLAIN_TABS), RAN_CLOSED, unless(did_not_run(WORK, runs="script+")),
                    unguarded_call(doing=WORK, guard="open")),
        message="This call fits the forecast outside the `if forecast.open:` block, so it runs "
                "on every rerun, whichever tab is open; only drawing the chart waits. Move the "
                "call inside the `if`, next to the chart that uses it.",
    ),
    Mistake(
        "kept-after-leaving", check=ONLY_OPEN,
        when=ran_while_closed(WORK, HEAVY, before_opening=False),
        message="The forecast waits until its tab is first opened, but after that it is fitted "
                "on every rerun, even once the user has moved to another tab. Decide it on every "
                "run from `forecast.open` itself, which is `True` only while the Forecast tab is "
                "the open one.",
    ),
    Mistake(
        "chart-outside-the-tab", check=SAME,
        when=located(outside("tab", kind="chart"), line_of_call("line_chart", first="walk"),
                     needed=False),
        message="The chart is drawn outside the tabs, on the page itself: an `if` only decides "
                "*whether* it is drawn; *where* it goes is the container it is drawn in. Draw it "
                "inside `with forecast:` (or with `forecast.line_chart(...)`).",
    ),
]
