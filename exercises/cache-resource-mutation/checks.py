import re

from checkers.spec import *

LOAD = "load_sentiment_model"  # the service: speedlit.load_sentiment_model()

SCENARIO = [
    start(),
    set_value("Word", "Slow"),  # a word the model already has, rated again by this visitor
    set_value("Weight", 2),  # (inside the form: nothing reruns until "Add word")
    click("Add word"),
    start(session=1),  # a second visitor, in another browser tab: "slow" as the model has it
    set_value("Word", "food", session=1),  # a word the model does not have
    set_value("Weight", 2, session=1),
    click("Add word", session=1),
    set_value("Review", "Slow delivery, cold food"),  # back in the first tab
    rerun(session=1),
]

OWN_AND_ONLY = "What a tab adds counts there, and never in another tab"
LOADED_ONCE = "The model is loaded once for all sessions"
SHARED = "The model stays one shared object (st.cache_resource)"
KEPT = "Each tab keeps its own words; the page is the same"


# ---------------------------------------------------------------- what the page counted
COUNTED = re.compile(r"^Counted:.*", re.S)


def _counted(step: dict) -> dict[str, int] | None:
    """The words and weights of the "Counted: …" caption, or None without such a caption."""
    found = page_text(step, COUNTED)
    return {w: int(v) for w, v in re.findall(r"([^\s,:]+) ([+-]\d+)", found[0])} \
        if found else None


def _taught(steps: list[dict]) -> list[tuple[dict[int, dict[str, int]], tuple | None]]:
    """For each step: the words (and weights) each tab had taught up to then, and the
    (tab, word) taught in that very step."""
    typed: dict[int, dict] = {}
    taught: dict[int, dict[str, int]] = {}
    out = []
    for step in steps:
        action, tab, now = step["step"], step["session"], None
        form = typed.setdefault(tab, {"Weight": 1})
        if action.get("do") == "set" and action.get("widget") in ("Word", "Weight"):
            form[action["widget"]] = action["value"]
        elif action.get("do") == "click" and action.get("widget") == "Add word" and \
                str(form.get("Word", "")).strip():
            word = str(form["Word"]).strip().lower()
            taught.setdefault(tab, {})[word] = int(form["Weight"])
            now = (tab, word)
        out.append(({t: dict(w) for t, w in taught.items()}, now))
    return out


def _in_tab(tab: int) -> str:
    return f"browser tab {tab + 1}"


def what_went_wrong(ctx) -> tuple[str, dict, int, str] | None:
    """The first step where a tab did not count the word it had just taught, or counted a
    word of another tab as that tab taught it, or lost a word of the model that another tab
    re-rated: (kind, step, tab, word) with kind "own", "leak" or "lost"."""
    for mine, ref, (taught, now) in zip(ctx.steps, ctx.ref_steps, _taught(ctx.steps)):
        got, want = _counted(mine), _counted(ref)
        if got is None or want is None:
            continue
        tab = mine["session"]
        if now and now[0] == tab and now[1] in want and got.get(now[1]) != want[now[1]]:
            return "own", mine, tab, now[1]
        own = taught.get(tab, {})
        for other, words in taught.items():
            for word, weight in words.items():
                if other == tab or word in own:
                    continue
                if got.get(word) == weight and want.get(word) != weight:
                    return "leak", mine, other, word
                if word in want and word not in got:
                    return "lost", mine, other, word
    return None


def own_and_only(ctx) -> str | None:
    found = what_went_wrong(ctx)
    if not found:
        return None
    kind, step, tab, word = found
    after = f"After “{step['said']}”, {_in_tab(step['session'])}"
    if kind == "own":
        return f"{after} does not count '{word}' with the weight it was just given."
    if kind == "leak":
        return (f"{after} counts '{word}' with the weight {_in_tab(tab)} gave it: one "
                "visitor's word changed what another visitor sees.")
    return (f"{after} no longer counts '{word}', a word of the model, since {_in_tab(tab)} "
            "rated it: one visitor's word changed the model for everyone.")


def went_wrong(*kinds: str):
    """Rule (behaviour): the first thing that went wrong is of one of ``kinds``."""
    return lambda ctx: Finding("") if (what_went_wrong(ctx) or ("",))[0] in kinds else None


def forgotten(ctx) -> Finding | None:
    """Rule (behaviour): a tab counted the word it taught at once, but no longer in a later
    run."""
    counted_once: set[tuple[int, str]] = set()
    for mine, ref, (taught, now) in zip(ctx.steps, ctx.ref_steps, _taught(ctx.steps)):
        got, want = _counted(mine), _counted(ref)
        if got is None or want is None:
            continue
        tab = mine["session"]
        if now and now[0] == tab and now[1] in want and got.get(now[1]) == want[now[1]]:
            counted_once.add(now)
            continue
        for word, weight in taught.get(tab, {}).items():
            if (tab, word) in counted_once and want.get(word) == weight and \
                    got.get(word) != weight:
                return Finding(f"Browser tab {tab + 1} counted '{word}'")
    return None


CHECKS = [
    no_problems(),
    Check(OWN_AND_ONLY, 3, own_and_only, task=2),
    calls(LOAD, exactly=REF, points=2, task=1, name=LOADED_ONCE, requires=OWN_AND_ONLY,
          what="Loading the model (`speedlit.load_sentiment_model()`)"),
    cached_as(LOAD, "cache_resource", points=1, task=1, name=SHARED,
              what="Loading the model", requires=(OWN_AND_ONLY, LOADED_ONCE)),
    same_page(points=2, task=3, name=KEPT, requires=(OWN_AND_ONLY, LOADED_ONCE)),
]

MISTAKES = [
    Mistake(
        "model-never-loaded", check=LOADED_ONCE, when=never_ran(LOAD),
        message="Your app never loads the model, so the weights it scores with are not the "
                "model's (they differ from one grading to the next). Keep loading it with "
                "`speedlit.load_sentiment_model()` in a `@st.cache_resource` function.",
    ),
    Mistake(
        "session-scoped-model", check=LOADED_ONCE,
        when=kept_per_session(LOAD, at=state_assignment(made_by_call=True)),
        message="Your app keeps the model in {found}, which belongs to one browser session: "
                "nothing leaks any more, but every visitor waits for a model load of their own "
                "(the second tab loaded it again). Keep the one shared model (`@st.cache_resource`, "
                "default scope) and keep what changes per visitor out of it: store each "
                "visitor's words in `st.session_state` and pass them to "
                "`model.score(review, extra=...)`.",
    ),
    Mistake(
        "borrows-the-model", check=OWN_AND_ONLY,
        when=all_of(went_wrong("lost"), mutates("weights", adds_and_removes=True)),
        message="Your app puts the visitor's words into the shared model and removes them "
                "again afterwards. That still changes the model every session uses: removing a "
                "word the visitor re-rated deletes the model's own word for everyone (another "
                "browser tab stopped counting it), and while one run holds the words, another "
                "session's run counts them too. Leave the model untouched: pass the visitor's "
                "words to `model.score(review, extra=...)`.",
    ),
    Mistake(
        "shallow-copy", check=OWN_AND_ONLY,
        when=all_of(went_wrong("leak", "lost"), line_of_call("copy.copy", first="walk")),
        message="`copy.copy` makes a shallow copy: a new model object "
                "holding the *same* `weights` dict as the shared model, so a word added to it "
                "is added for every visitor. Leave the model untouched: keep each visitor's "
                "words in a dict of their own in `st.session_state` and pass them to "
                "`model.score(review, extra=...)`.",
    ),
    Mistake(
        "copied-the-reference", check=OWN_AND_ONLY,
        when=all_of(went_wrong("leak", "lost"), state_aliases("weights")),
        message="`st.session_state` stores the object itself, not a copy: this line gives the "
                "shared model's `weights` dict a second name, and adding a word to it still "
                "changes the model every session uses. Start each visitor with an empty dict "
                "of their own (`{}`) and pass it to `model.score(review, extra=...)`.",
    ),
    Mistake(
        "mutates-shared-model", check=OWN_AND_ONLY,
        when=all_of(went_wrong("leak", "lost"), mutates("weights")),
        message="`st.cache_resource` hands every session the *same* model object, so a word "
                "written into the model's `weights` here is there for every visitor on the server. "
                "Treat the cached model as read-only: keep each visitor's words in "
                "`st.session_state` (initialised once, with `if ... not in st.session_state`) "
                "and pass them to `model.score(review, extra=...)`.",
    ),
    Mistake(
        "words-in-shared-cache", check=OWN_AND_ONLY,
        when=all_of(went_wrong("leak"),
                    cache_wrapping("cache_resource", not_doing=LOAD, global_scope=True)),
        message="{found} is cached with `st.cache_resource`, which returns one object for the "
                "whole server: every session adds its words to the same dict. Keep each "
                "visitor's words in `st.session_state` and pass them to "
                "`model.score(review, extra=...)`.",
    ),
    Mistake(
        "words-not-passed", check=OWN_AND_ONLY,
        when=all_of(went_wrong("own"), mentions_state(), argument_missing("score", position=1)),
        message="Your app stores the visitor's words, but `model.score` never gets them, so "
                "a taught word does not count even in the tab that taught it. Pass them: "
                "`model.score(review, extra=<this visitor's words>)`.",
    ),
    Mistake(
        "model-in-cache-data", check=(SHARED, KEPT), when=cached_kind(LOAD, "cache_data"),
        message="`st.cache_data` hands out a fresh copy of the model on every call (unpickled "
                "again on every rerun), so it is no longer one shared object, and a word added "
                "to such a copy is gone at the next rerun. Keep the model in "
                "`@st.cache_resource`, unchanged, and keep each visitor's words in "
                "`st.session_state`.",
    ),
    Mistake(
        "words-reset-every-run", check=KEPT,
        when=located(forgotten, at=assigned_every_run(value=("dict", "list"))),
        message="{found} right after teaching it, but forgot it at a later rerun: "
                "this line runs on every rerun and puts an empty collection into "
                "session state, wiping the visitor's words. Initialise it once, inside an "
                "`if ... not in st.session_state:` block.",
    ),
    Mistake(
        "words-in-a-plain-variable", check=KEPT,
        when=all_of(unless(mentions_state()), unless(mutates("weights")), forgotten),
        message="{found} right after teaching it, but forgot it at a later rerun: "
                "a plain variable starts over on every rerun. Keep the visitor's words "
                "in `st.session_state`, initialised once inside an "
                "`if ... not in st.session_state:` block.",
    ),
    Mistake(
        "words-forgotten", check=KEPT, when=forgotten,
        message="{found} right after teaching it, but no longer at a later rerun: a "
                "visitor's words must last across that tab's reruns. Keep them in "
                "`st.session_state` (initialised once) and pass them to "
                "`model.score(review, extra=...)`, leaving the shared model unchanged.",
    ),
]
