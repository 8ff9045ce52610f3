from checkers.spec import *

HEADER = "kpis"  # speedlit.kpis(): the header's slow summary query
SERIES = "metric_series"  # speedlit.metric_series(metric): the chart's data

SCENARIO = [
    start(),
    choose("Metric", "Revenue"),
    choose("Metric", "Users"),
    choose("Metric", "Sales"),
    choose("Metric", "Revenue"),  # a metric seen before: the chart still follows it
]

HEADER_ONCE = "The header's query runs once"
CHART_ALONE = "Changing the metric reruns only the chart section"
SAME = "The chart follows every selection; the page looks the same"

CHECKS = [
    no_problems(),
    calls(HEADER, exactly=REF, points=2, task=1, name=HEADER_ONCE,
          what="The header's query (`speedlit.kpis()`)"),
    fragment_only("Metric", points=3, task=2, name=CHART_ALONE),
    same_page(points=3, task=3, name=SAME, requires=(HEADER_ONCE, CHART_ALONE)),
]


# A change of the metric that reran the whole script (the grader's steps all count).
WHOLE_RERUN = reran("script+", widget="Metric", done=None)

MISTAKES = [
    Mistake(
        "header-in-fragment", check=HEADER_ONCE,
        when=located(ran_on(HEADER, widget="Metric", runs="fragment"), fragment_doing(HEADER),
                     needed=False),
        message="The header's query runs inside the fragment, so every change of the metric, "
                "which reruns the fragment, asks it again. Keep only the selectbox and the chart "
                "in the `@st.fragment` function and draw the header outside it: it is then "
                "drawn by the full run that opens the page, and left alone by the fragment's "
                "reruns.",
    ),
    Mistake(
        "full-rerun-in-fragment", check=CHART_ALONE,
        when=all_of(reran("both", widget="Metric", done=None), reruns_inside_fragment()),
        message="This `st.rerun()` inside the fragment reruns the whole app (the header's query "
                "included) when the metric changes. A fragment already reruns by "
                "itself when a widget inside it changes: drop the `st.rerun()` (a rerun of the "
                "fragment alone is `st.rerun(scope=\"fragment\")`).",
    ),
    Mistake(
        "fragment-never-called", check=CHART_ALONE,
        when=all_of(could_not(widget="Metric"), fragment_never_called()),
        message="{found} is made a fragment but never called, so the metric selectbox "
                "and the chart are not on the page. A fragment is a function like any other: "
                "call it where the chart section should appear.",
    ),
    Mistake(
        "cached-header-instead", check=CHART_ALONE,
        when=all_of(WHOLE_RERUN, unless(has_fragment()), cached_kind(HEADER)),
        message="Caching the header's numbers makes its query run once, but every metric "
                "change still reruns the whole page (title, columns, metrics, chart). Put the "
                "chart section in an `@st.fragment` function so only it reruns.",
    ),
    Mistake(
        "fragment-around-header", check=CHART_ALONE,
        when=all_of(WHOLE_RERUN, fragment_doing(HEADER),
                    line_of_call("selectbox", outside="fragment", first="walk")),
        message="Your fragment holds the header, but it is the metric selectbox that changes, "
                "and a widget outside every fragment reruns the whole script, header included. "
                "Put the selectbox and the chart in the `@st.fragment` function, and leave the "
                "header outside it.",
    ),
    Mistake(
        "widget-outside-fragment", check=CHART_ALONE,
        when=all_of(WHOLE_RERUN, has_fragment(),
                    line_of_call("selectbox", outside="fragment", first="walk")),
        message="The metric selectbox is outside the fragment. A widget reruns the fragment it "
                "lives in — and a widget outside every fragment reruns the whole script. Move "
                "the selectbox into the `@st.fragment` function together with the chart.",
    ),
    Mistake(
        "chart-outside-fragment", check=SAME,
        when=all_of(stale("chart", without=SERIES, widget="Metric", runs="fragment"),
                    line_of_call("line_chart", outside="fragment", first="walk")),
        message="The chart is drawn outside the fragment, so a change of the metric, which "
                "reruns only the fragment, never redraws it: it keeps the metric of the last "
                "full run. Draw the chart inside the `@st.fragment` function, with the "
                "selectbox.",
    ),
]
