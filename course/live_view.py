"""The learner's app, live, on the exercise page: Run starts it in the sandbox
(``checkers.live``, through the grading service) and the page embeds it — Streamlit's own
frontend, served under ``/live/<token>/`` by ``course/live_routes.py`` — with its numbers
beside it, refreshed every second as the learner clicks: script and fragment runs, the last
run's time and each expensive step's calls, next to the same numbers for the grader's
scripted clicks on their app and on the starter (before and after, for their own code)."""
from __future__ import annotations

import streamlit as st

from checkers import internals
from checkers.live import LiveError, LiveFull
from checkers.sandbox import SandboxUnavailable
from course import grading_service, live_routes, progress
from course.display_view import safe_markdown

HEIGHT = 560
REFRESH_SECONDS = 1.0


def start(exercise_id: str, code: str) -> dict:
    """Start (or restart) this learner's live app: ``{"app": LiveApp | None, "problem": str}``."""
    owner = progress.learner() or internals.session_of_this_thread() or "anonymous"
    with st.spinner("Starting your app live in the sandbox…"):
        try:
            app = grading_service.service().start_live(owner, exercise_id, code)
        except LiveFull as exc:
            return {"app": None, "problem": f"{exc} Try Run again in a few minutes."}
        except (LiveError, SandboxUnavailable) as exc:
            return {"app": None, "problem": str(exc)}
    return {"app": app, "problem": None}


def panel(exercise_id: str, state: dict) -> bool:
    """The live app and its numbers (or why it is not running); whether it runs."""
    info = state.get("live")
    if not info:
        return False
    app = info["app"]
    if app is None:
        st.warning(f"**Your app could not start live.** {info['problem']} Below is what the "
                   "grader's run of your app showed, rebuilt as text.",
                   icon=":material/hourglass_top:")
        return False
    if app.ending is not None:
        st.info(f"{app.ending['message']} Press **Run** to start it again.",
                icon=":material/stop_circle:")
        return False
    st.markdown("**Your app, live** — running in the sandbox: click it, and watch the numbers "
                "beside it.")
    shown, numbers = st.columns([5, 4], gap="medium")
    shown.iframe(live_routes.address(app.token, _route()), height=HEIGHT,
                 alt="Your app, live")
    with numbers:
        live_numbers(exercise_id, app, info)
    return True


def _route() -> str | None:
    """The replica route this browser was given (nginx's cookie, DEPLOYMENT.md), if any."""
    try:
        return st.context.cookies.get(live_routes.ROUTE_COOKIE)
    except Exception:  # no browser connection behind this session (tests of the course)
        return None


@st.fragment(run_every=REFRESH_SECONDS)
def live_numbers(exercise_id: str, app, info: dict) -> None:
    """``info`` is the page's record of this live app: the grader's run of the same code
    (``graded``) arrives in it after the live app is shown."""
    stats = app.stats()
    preview = info.get("graded")
    if not stats["alive"]:
        st.rerun(scope="app")  # the page says why it stopped
    starter = grading_service.service().starter_run(exercise_id)
    columns = [("You, live", _live(stats)), ("Grader, yours", _scripted(preview)),
               ("Grader, starter", _scripted(starter))]
    st.markdown(table(columns))
    state = "running…" if stats["running"] else "waiting for your click"
    st.caption(f"**You, live:** your {stats['clicks']} action(s) so far, opening included "
               f"({state}). **Grader:** its scripted clicks on your code and on the starter, "
               "with the same data. The live app stops when you leave this page or after a "
               "while without a click.")
    for problem in stats["violations"]:  # the guard's words, quoting the app
        st.warning(safe_markdown(problem), icon=":material/block:")


def _live(stats: dict) -> dict:
    return {"script": stats["script_runs"], "fragment": stats["fragment_runs"],
            "last": stats["last_run_seconds"], "calls": stats["calls"]}


def _scripted(outcome) -> dict | None:
    """The grader's run of an app through the scenario, as the same numbers (None while it
    is not ready; dashes when the app failed)."""
    if outcome is None:
        return None
    value = getattr(outcome, "value", None)
    if not value or getattr(outcome, "error", None):  # it failed: the page above says why
        return {"script": "–", "fragment": "–", "last": None, "calls": {}, "failed": True}
    ran = [s for s in value["steps"] if s["runs"]]
    last = ran[-1] if ran else None
    return {"script": value["runs"].get("script", 0), "fragment": value["runs"].get("fragment", 0),
            "last": round(last["seconds"] + last["latency"], 3) if last else None,
            "calls": value["calls"]}


def table(columns: list[tuple[str, dict | None]]) -> str:
    """A Markdown table: one column per source of numbers, one row per measure."""
    names: list[str] = []
    for _, numbers in reversed(columns):  # the starter's expensive steps first
        for name in sorted((numbers or {}).get("calls", {}), key=str):
            if name not in names:
                names.append(name)

    def cell(numbers: dict | None, measure: str) -> str:
        if numbers is None:
            return "…"
        if measure == "last":
            return "–" if numbers["last"] is None else f"{numbers['last']:.2f}\u00a0s"
        if measure in ("script", "fragment"):
            return str(numbers[measure])
        return "–" if numbers.get("failed") else f"{numbers['calls'].get(measure, 0)}×"

    rows = [("script runs", "script"), ("fragment runs", "fragment"), ("last run", "last")]
    rows += [(f"`{name}()`", name) for name in names]
    lines = ["| | " + " | ".join(title for title, _ in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for label, measure in rows:
        lines.append(f"| {label} | " + " | ".join(cell(n, measure) for _, n in columns) + " |")
    return "\n".join(lines)
