from checkers.spec import *

SCENARIO = [
    start(),
    choose("Metric", "Revenue"),
    choose("Metric", "Users"),
    choose("Metric", "Sales"),
    choose("Metric", "Revenue"),
]

HEADER_ONCE = "The header's query runs once"
CHART_ALONE = "Changing the metric reruns only the chart section"

CHECKS = [
    no_problems(points=1),
    calls("kpis", exactly=1, points=2, task=1, name=HEADER_ONCE,
          what="The header's query (`speedlit.kpis()`)"),
    fragment_only("Metric", points=3, task=2, name=CHART_ALONE),
    same_display(points=2, task=3, name="The chart follows every selection; the page looks the same"),
]

MISTAKES = [
    Mistake(
        "cached-header-instead", check=CHART_ALONE,
        when=all_of(decorated_with("cache_data", work="kpis"), lacks_decorator("fragment")),
        message="Caching the header's numbers makes its query run once, but every metric "
                "change still reruns the whole page (title, columns, metrics, chart). Put the "
                "chart section in an `@st.fragment` function so only it reruns.",
    ),
    Mistake(
        "widget-outside-fragment", check=CHART_ALONE,
        when=all_of(decorated_with("fragment"), call_outside("selectbox", "fragment")),
        message="The metric selectbox is outside the fragment. A widget reruns the fragment it "
                "lives in — and a widget outside every fragment reruns the whole script. Move "
                "the selectbox into the `@st.fragment` function together with the chart.",
    ),
]
