from checkers.spec import *

REPORT_WORK = "yearly_report"  # speedlit.yearly_report(): 2 s
LIVE_WORK = "orders_waiting"  # speedlit.orders_waiting(): its answer changes every 10 s
LIVE = "Orders waiting"  # the live metric's label
PERIOD = 10  # seconds between changes of the queue (checkers.services: orders_waiting)
FASTEST, SLOWEST = 5, 10  # seconds between refreshes, as instructions.md says

# The reference refreshes every 10 s and every action falls on a multiple of 10 s, so it
# shows the queue's answer of every period it passes (see ``live_number``).
SCENARIO = [
    start(),
    tick(10),
    tick(10),
    click("Refresh now"),
    tick(20),
    tick(30),
]

TIMER = "The live panel refreshes itself every 5 to 10 seconds"
FRESH = "Every refresh asks the order queue again"
REPORT = "The yearly report is queried once"
ONCE = "The page itself runs once"
BUTTON = "“Refresh now” reruns only the live panel"
SAME = "The app shows the same as before, after every step"

CHECKS = [
    no_problems(),
    refreshes_every(FASTEST, SLOWEST, points=3, task=1, name=TIMER),
    live_number(LIVE_WORK, LIVE, period=PERIOD, source="the order queue", points=2, task=1,
                name=FRESH, requires=TIMER),
    calls(REPORT_WORK, exactly=REF, points=2, task=2, name=REPORT,
          what="The yearly report (`speedlit.yearly_report()`)"),
    runs("script", exactly=REF, points=1, task=2, name=ONCE),
    fragment_only("Refresh now", points=2, task=3, name=BUTTON),
    same_page(points=2, task=4, name=SAME, live=(LIVE,), requires=TIMER),
]


# What reran: a wait (tick) that reran the panel alone; a click on the button that reran the
# whole script.
PANEL_ALONE = reran("fragment", do="tick", done=None)
CLICK_RERAN_ALL = reran("script+", widget="Refresh now", done=None)
CLICK_RERAN_PANEL = reran("fragment", widget="Refresh now", done=None)

MISTAKES = [
    Mistake(
        "run-every-digits-in-a-string", check=TIMER,
        when=all_of(reran(None, do="tick", more_often_than=FASTEST, done=None),
                    digit_string("run_every", calls=("fragment",))),
        message="{found} is a string without a unit, which Streamlit reads as a pandas "
                "duration, and a bare number in a string counts *nanoseconds*: the panel "
                "reruns as fast as it can. Write the number without quotes (`run_every=10`, "
                "in seconds) or give the unit (`run_every=\"10s\"`).",
    ),
    Mistake(
        "report-inside-fragment", check=REPORT,
        when=located(ran_on(REPORT_WORK, do="tick", runs="fragment"),
                     line_of_call(doing=REPORT_WORK, inside="fragment", first="walk"),
                     needed=False),
        message="The yearly report is inside the timed fragment, so every tick queries it "
                "again. Put only the live part (the “Right now” heading, the metric and the "
                "button) in the `@st.fragment(run_every=…)` function, and leave the report in "
                "the main script, which runs once.",
    ),
    Mistake(
        "never-asked", check=FRESH, when=never_ran(LIVE_WORK),
        message="Your app never asks the order queue (`speedlit.orders_waiting()`), so the "
                "number the panel shows is not the queue's. Show what `count_waiting()` "
                "returns, asked again on every refresh.",
    ),
    Mistake(
        "cached-live-query", check=FRESH, when=cached_kind(LIVE_WORK),
        message="The live query is cached, so a refresh shows the stored number instead of "
                "asking the queue again: the panel reruns, but its number is an old one. Leave "
                "the live query uncached; the fragment's timer is what keeps it fresh.",
    ),
    Mistake(
        "asked-outside-the-fragment", check=FRESH,
        when=all_of(unless(cached_kind(LIVE_WORK)),
                    did_not_run(LIVE_WORK, do="tick", runs="fragment"),
                    line_of_caller(LIVE_WORK, outside="fragment")),
        message="The order queue is asked outside the fragment, in the part of the script "
                "that runs once, so each refresh of the panel redraws the number it was handed "
                "then. Ask the queue inside the `@st.fragment(run_every=…)` function, so every "
                "refresh asks again.",
    ),
    Mistake(
        "fragment-without-timer", check=TIMER,
        when=all_of(unless(reran(None, do="tick", done=None)), CLICK_RERAN_PANEL,
                    fragment_without("run_every")),
        message="A plain `@st.fragment` reruns only when a widget inside it is used; nothing "
                "reruns it on its own. Give it a timer: `@st.fragment(run_every=10)` reruns "
                "it every 10 seconds while the page is open, and only it.",
    ),
    Mistake(
        "button-outside-fragment", check=BUTTON,
        when=all_of(PANEL_ALONE, CLICK_RERAN_ALL,
                    line_of_call("button", outside="fragment", first="walk")),
        message="The “Refresh now” button is outside the fragment. A widget reruns the "
                "fragment it lives in, and a widget outside every fragment reruns the whole "
                "script. Move `st.button(\"Refresh now\")` into the fragment function.",
    ),
    Mistake(
        "page-reordered", check=SAME, when=reordered(),
        message="Your page shows the same elements as the reference, but not in the same "
                "order. Keep the order they had: the title, the yearly report (its heading, "
                "chart and best month), then the “Right now” panel, whose fragment function is "
                "called where the panel's code was.",
    ),
]
