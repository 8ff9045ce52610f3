from checkers import display
from checkers.spec import *

WORK = "segment_customers"  # speedlit.segment_customers(measure, count)
INPUTS = ("Segments", "Measure")  # the widgets the segmentation reads

SCENARIO = [
    start(),
    set_value("Show the table", True),
    choose("Chart", "Line"),
    set_value("Segments", 5),  # an input of the computation
    set_value("Show the table", False),
    choose("Measure", "Orders"),  # the other input
    rerun(),
    set_value("Segments", 4),  # back to 4, but with the other measure: a new result
]
NEW_INPUTS = tuple(i for i, s in enumerate(SCENARIO)
                   if s["do"] == "start" or s.get("widget") in INPUTS)
UNRELATED = tuple(i for i in range(len(SCENARIO)) if i not in NEW_INPUTS)

COMPUTED = "Every new input is computed, once"
KEPT = "Unrelated changes reuse the result"
FRESH = "The page shows the result of the current inputs"
SAME_PAGE = "The page is the same after every step"


# ---------------------------------------------------------------- what the judge saw
def stale_though_computed(ctx) -> Finding | None:
    """Rule (behaviour): a changed input computed as often as the reference's, yet the page
    shows another result."""
    for mine, ref in zip(ctx.steps, ctx.ref_steps):
        if mine["step"].get("do") == "set" and mine["step"].get("widget") in INPUTS and \
                mine["calls"].get(WORK, 0) == ref["calls"].get(WORK, 0) and \
                display.difference(display.seen(mine["display"]), display.seen(ref["display"])):
            return Finding("")
    return None


CHECKS = [
    no_problems(),
    # no points of its own (the slow app computes every input too): the result must exist
    # before reusing it can score
    calls_match(WORK, steps=NEW_INPUTS, points=0, task=2, name=COMPUTED,
                what="the segmentation (`speedlit.segment_customers`)",
                why_missing="New inputs need a new result: compute it for them.",
                why_extra="One computation per change is enough."),
    calls_match(WORK, steps=UNRELATED, points=3, task=1, name=KEPT, requires=COMPUTED,
                what="the segmentation (`speedlit.segment_customers`)",
                why_extra="Its inputs (the measure and the number of segments) did not "
                          "change: reuse the result."),
    same_page(points=3, task=2, steps=NEW_INPUTS, name=FRESH, requires=(COMPUTED, KEPT)),
    same_page(points=1, task=3, name=SAME_PAGE, requires=(COMPUTED, KEPT, FRESH)),
]

MISTAKES = [
    Mistake(
        "results-made-up", check=COMPUTED, when=never_ran(WORK),
        message="Your app never runs the segmentation, so the segments it shows are made up "
                "(the real ones differ from one grading to the next). Keep calling "
                "`speedlit.segment_customers(measure, count)`, and reuse its result while "
                "the inputs stay the same.",
    ),
    Mistake(
        "computed-once-only", check=COMPUTED, when=all_of(ran_only_at_start(WORK), init_guard()),
        message="`if ... not in st.session_state` computes the result in the session's first "
                "run only, so changing the measure or the number of segments keeps showing the "
                "first result. Store the inputs next to the result and compute again when "
                "they differ: `if st.session_state.get(\"segments_for\") != (measure, count):`.",
    ),
    Mistake(
        "key-misses-an-input", check=COMPUTED, when=ignored_widget(WORK, INPUTS),
        message="Changing {found} did not compute a new result, so the page kept the old one: "
                "the stored result is keyed by less than the segmentation reads. Put "
                "everything the computation reads into the key: `(measure, count)`.",
    ),
    Mistake(
        "inputs-not-saved", check=KEPT, when=all_of(ran_every_step(WORK), compared_never_stored()),
        message="This `if` compares the current inputs with {found} in `st.session_state`, "
                "but nothing ever stores them there, so the comparison is true on every run "
                "and the segments are computed every time. Store the inputs next to the "
                "result when you compute it.",
    ),
    Mistake(
        "list-vs-tuple", check=KEPT, when=all_of(ran_every_step(WORK), compared_other_sequence()),
        message="This line stores the inputs as one kind of sequence, but the `if` compares "
                "them with the other (a list and a tuple): in Python a list never equals a "
                "tuple, so the comparison is true on every run and the segments are computed "
                "every time. Store and compare the same thing, e.g. `(measure, count)` "
                "both times.",
    ),
    Mistake(
        "python-cache", check=KEPT, when=all_of(ran_on(WORK, do="rerun"), cached_by_python(WORK)),
        message="A `functools` cache on a function defined in the app script starts empty on "
                "every rerun: the script runs from the top and defines the function (and its "
                "cache) anew, so nothing is reused. Use `@st.cache_data`, which lives across "
                "reruns, or keep the result in `st.session_state` with its inputs.",
    ),
    Mistake(
        "key-includes-unrelated-widgets", check=KEPT,
        when=provided(ran_on(WORK, do="set", other_than=INPUTS, found="“{widget}”"),
                      unless(ran_on(WORK, do="rerun"))),
        message="The result is kept, but changing {found}, which the segmentation does not "
                "read, computed it again: its key includes widgets that only change how the "
                "result is shown. Key the result by exactly what the computation reads: the "
                "measure and the number of segments.",
    ),
    Mistake(
        "recomputes-every-run", check=KEPT, when=ran_on(WORK, do="rerun"),
        message="Every widget change reruns the script from the top, and the script computes "
                "the segments again each time, even when only the chart type or the table "
                "changed. Keep the result in `st.session_state` together with the inputs that "
                "produced it (`(measure, count)`) and compute only when they differ (or cache "
                "the function that calls `speedlit.segment_customers` with `st.cache_data`, "
                "which keys by its arguments).",
    ),
    Mistake(
        "callback-reads-old-values", check=FRESH,
        when=all_of(stale_though_computed, callback_reads_script("on_change")),
        message="The `on_change` callback runs *before* the script, so {found} it reads still "
                "hold the previous run's values: the result is computed for the old inputs. "
                "Read the new values from the widgets' keys (`st.session_state[...]`, with "
                "`key=` on the widgets), or compute in the script body when the inputs differ "
                "from the stored ones.",
    ),
]
