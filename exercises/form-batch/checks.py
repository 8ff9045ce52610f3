from checkers.spec import *

SCENARIO = [
    start(),
    choose("Region", "West"),
    set_value("Products", ["Tea", "Cocoa"]),
    set_value("Minimum units per day", 30),
    click("Run query"),
    choose("Region", "North"),
    click("Run query"),
    rerun(),
]
EDITS = tuple(i for i, step in enumerate(SCENARIO) if step["do"] == "set")
SUBMITS = tuple(i for i, step in enumerate(SCENARIO) if step["do"] == "click")

EDITS_FREE = "Changing the filters runs the query zero times"
SUBMIT_ONCE = "Submitting runs the query exactly once"
SAME_PAGE = "The results follow every submitted filter; the page is the same"
FILTERS = ("selectbox", "multiselect", "slider")
QUERY = "query_sales"  # speedlit.query_sales(region, products, min_units)

CHECKS = [
    no_problems(),
    calls_match(QUERY, steps=EDITS, points=3, task=1, name=EDITS_FREE, what="the query",
                why_extra="Changing a filter should not run it at all."),
    calls_match(QUERY, steps=SUBMITS, points=2, task=2, name=SUBMIT_ONCE, what="the query",
                requires=EDITS_FREE),
    # Either a form or filters with on_change="ignore" (Streamlit 1.67) batch the changes:
    # without a form the page is the reference's but for the form's frame.
    same_page(points=2, task=3, name=SAME_PAGE, optional=("form",),
              alike={"form_submit_button": "button"}, requires=EDITS_FREE),
]


MISTAKES = [
    Mistake(
        "ignore-missed", check=EDITS_FREE,
        when=provided(change_reran(page_has=False, kinds=FILTERS, found="'{widget}'"),
                      keyword_is("on_change", "ignore")),
        message="The filter {found} has no `on_change=\"ignore\"`, so changing it reruns the "
                "whole script and the query at once. Give every filter "
                "`on_change=\"ignore\"` (or put them all in a form).",
    ),
    Mistake(
        "clear-on-submit", check=SAME_PAGE, when=keyword_is("clear_on_submit", True),
        message="`clear_on_submit=True` puts every filter back to its default once the form is "
                "submitted, so the next submit queries with default filters the user never "
                "chose. Leave it out: the filters should keep what the user set.",
    ),
    Mistake(
        "cached-instead-of-a-form", check=EDITS_FREE,
        when=provided(cached_kind(QUERY), change_reran(page_has=False)),
        message="Caching the query helps only when a combination of filters comes back: every "
                "new region, product list or minimum is a new cache entry, so each change still "
                "runs the query (and reruns the whole script). Put the three filters and a "
                "`st.form_submit_button(\"Run query\")` inside `with st.form(...)`: nothing runs "
                "until the user submits.",
    ),
    Mistake(
        "no-form", check=EDITS_FREE, when=change_reran(page_has=False, kinds=FILTERS),
        message="Each filter change reruns the whole script, and with it the query. Put the "
                "three filters inside `with st.form(\"filters\"):` and replace the button with "
                "`st.form_submit_button(\"Run query\")`: edits then stay in the browser, and "
                "submitting runs the script once with all of them. (On Streamlit 1.67, "
                "`on_change=\"ignore\"` on each filter does the same without a form.)",
    ),
    Mistake(
        "filter-outside-the-form", check=EDITS_FREE,
        when=change_reran(page_has=True, widget_in=False, every=True, kinds=FILTERS,
                          found="'{widget}'"),
        message="The filter {found} is outside the form, so changing it reruns the whole script "
                "(and the query) at once. Move it inside the `with st.form(...)` block with the "
                "other filters.",
    ),
    Mistake(
        "results-only-when-submitted", check=SAME_PAGE,
        when=all_of(missed(QUERY, do="start"), submit_guards(doing=QUERY)),
        message="The query and its results live only in the run that the submit button starts, "
                "so the page opens with no results, and they vanish again at the next rerun. "
                "Run the query on every run, outside the `if`: it is the form that keeps "
                "filter changes from rerunning the script.",
    ),
]
