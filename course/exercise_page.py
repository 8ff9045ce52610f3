"""An exercise page: the tasks, an editor holding the learner's draft, Run (the learner's app,
live from the sandbox, with its counts beside the starter's, and what the grader's clicks
cost) and Check (grade it), hints one at a time, the solution when earned, and the way on. The
editor and its results form one fragment: using them reruns nothing else."""
from __future__ import annotations

import difflib

import streamlit as st
from code_editor import code_editor

from checkers.result import Result
from course import content, display_view, grading_service, live_view, nav, progress

BUTTONS = [  # inside the editor; Ctrl+Enter (Cmd+Enter on a Mac) does the same
    {"name": "Check (Ctrl+Enter)", "feather": "CheckCircle", "hasText": True, "alwaysOn": True,
     "showWithIcon": True, "commands": ["submit"], "style": {"bottom": "0.4rem", "right": "0.4rem"}},
]
ATTEMPTS_BEFORE_SOLUTION = 2


def render(exercise_id: str) -> None:
    data = content.exercise(exercise_id)
    progress.visit("exercise:" + exercise_id)
    grading_service.service().prepare(exercise_id)
    st.title(f":material/edit: {data['title']}")
    st.caption(f"{data['summary']} · {data['points']} points")
    st.markdown(data["instructions"])
    workspace(exercise_id)
    hints(exercise_id)
    solution(exercise_id)
    way_on(data)


def _state(exercise_id: str) -> dict:
    """This learner's work on the exercise: from the progress database on a new session (the
    draft, hints shown, attempts, the last feedback), so a reload or another device shows
    the page as they left it."""
    key = f"exercise:{exercise_id}"
    if key not in st.session_state:
        saved = progress.draft(exercise_id)
        best = progress.summary()["scores"].get(exercise_id)
        kept = progress.exercise_state(exercise_id)
        last = kept["last_result"]
        st.session_state[key] = {"draft": saved if saved is not None
                                 else content.exercise(exercise_id)["starter"],
                                 "version": 0, "event": None,
                                 "result": Result.from_dict(last) if last else None,
                                 "preview": None, "attempts": kept["attempts"],
                                 "passed": bool(best and best[0] >= best[1]),
                                 "hints": kept["hints_shown"],
                                 "solution_seen": kept["solution_shown"],
                                 "code": kept["last_code"], "status": None, "live": None}
    return st.session_state[key]


def _earned(state: dict) -> bool:
    return state["passed"] or state["attempts"] >= ATTEMPTS_BEFORE_SOLUTION


def editor_key(exercise_id: str, version: int = 0) -> str:
    return f"editor:{exercise_id}:{version}"


@st.fragment
def workspace(exercise_id: str) -> None:
    state = _state(exercise_id)
    st.subheader("Your app")
    answer = code_editor(state["draft"], lang="python", theme="default", height=[16, 64],
                         buttons=BUTTONS, response_mode="debounce",
                         key=editor_key(exercise_id, state["version"]),
                         options={"wrap": False, "showLineNumbers": True})
    # The editor answers nothing (empty text) until its first event; after that its text is
    # the learner's code, even when they emptied it.
    code = answer["text"] if answer and answer.get("id") else state["draft"]
    if code != state["draft"]:
        state["draft"] = code
        progress.save_draft(exercise_id, code)
    event = _new_event(state, answer)
    run, check, reset = st.columns([1, 1, 1])
    ran = run.button("Run", icon=":material/play_arrow:", key=f"run:{exercise_id}",
                     width="stretch") or event == "run"
    checked = check.button("Check", icon=":material/task_alt:", type="primary",
                           key=f"check:{exercise_id}", width="stretch") or event == "submit"
    with reset.popover("Reset to starter", icon=":material/restart_alt:",
                       width="stretch"):
        st.write("Replace your code with the starter? Your current code is lost.")
        st.button("Yes, reset", key=f"reset:{exercise_id}", on_click=_reset, args=(exercise_id,))
    status = st.container()  # how long the last run or check took (or takes, in a queue)
    waited, result = None, None
    if ran:
        ticket = grading_service.service().preview(progress.learner(), exercise_id, code)
        state["live"] = live_view.start(exercise_id, code)  # the app, live, meanwhile
    # The live app comes first: the learner can use it while the grader's clicks wait their
    # turn in the class's queue.
    live_running = live_view.panel(exercise_id, state)
    if ran:
        with status:
            preview, waited = grading_service.wait(ticket,
                                                   "Running the grader's clicks on your app")
        if preview is not None:
            state["preview"], state["result"] = preview, None
            if state["live"] is not None:
                state["live"]["graded"] = preview  # its numbers, beside the live app
    if checked:
        with status:
            result, waited = grading_service.wait(
                grading_service.service().grade(progress.learner(), exercise_id, code),
                "Checking your app")
    if result is not None:
        before = (_earned(state), state["passed"])
        state.update(result=result, preview=None, code=code, attempts=state["attempts"] + 1,
                     passed=state["passed"] or result.passed, status=waited)
        progress.record(exercise_id, code, result)
        if (_earned(state), state["passed"]) != before:
            st.rerun()  # the solution section below changes: redraw the whole page
    if waited:
        state["status"] = waited
    elif state.get("status") and (state["preview"] is not None or state["result"] is not None):
        status.status(state["status"], state="complete")  # how long the last run or check took
    if state["preview"] is not None:
        display_view.preview(state["preview"], rebuild=not live_running)
    if state["result"] is not None:
        display_view.feedback(state["result"], state["code"])
    if state.get("solution_seen"):
        against_solution(exercise_id, code)  # in this fragment: it follows every keystroke


def against_solution(exercise_id: str, code: str) -> None:
    answer = content.exercise_solution(exercise_id)
    diff = "\n".join(difflib.unified_diff(code.splitlines(), answer.splitlines(),
                                          "your code", "solution", lineterm=""))
    st.markdown("**Your code against the solution** (`-` yours, `+` the solution's):")
    st.code(diff or "Identical.", language="diff")


def _reset(exercise_id: str) -> None:
    state = _state(exercise_id)
    state.update(draft=content.exercise(exercise_id)["starter"], version=state["version"] + 1,
                 result=None, preview=None, status=None)
    progress.save_draft(exercise_id, state["draft"])


def _new_event(state: dict, answer: dict | None) -> str | None:
    """The editor's last event repeats on every rerun: act on each event id once."""
    if not answer or not answer.get("id") or answer["id"] == state["event"]:
        return None
    state["event"] = answer["id"]
    return answer.get("type") or None


@st.fragment
def hints(exercise_id: str) -> None:
    data, state = content.exercise(exercise_id), _state(exercise_id)
    total = len(data["hints"])
    if not total:
        return
    st.subheader("Hints")
    for number in range(state["hints"]):
        st.info(f"**Hint {number + 1} of {total}.** {data['hints'][number]}",
                icon=":material/lightbulb:")
    if state["hints"] < total:
        label = "Show a hint" if not state["hints"] else "Show the next hint"
        st.button(f"{label} ({state['hints'] + 1} of {total})", key=f"hint:{exercise_id}",
                  on_click=_show_hint, args=(exercise_id,))


def _show_hint(exercise_id: str) -> None:
    state = _state(exercise_id)
    state["hints"] += 1
    progress.reveal(exercise_id, hints=state["hints"])


@st.fragment
def solution(exercise_id: str) -> None:
    state = _state(exercise_id)
    st.subheader("Solution")
    if not _earned(state):
        left = ATTEMPTS_BEFORE_SOLUTION - state["attempts"]
        st.caption(f"Available once your app passes, or after {left} more check(s).")
        return
    if not state["passed"] and not st.checkbox(
            "Show me the solution — I have tried, and I want to compare",
            key=f"solution-ok:{exercise_id}", value=state.get("solution_seen", False)):
        return
    if not state.get("solution_seen"):
        state["solution_seen"] = True
        progress.reveal(exercise_id, solution=True)
        st.rerun()  # the comparison with the learner's code appears under the editor too
    st.code(content.exercise_solution(exercise_id), language="python", line_numbers=True)
    st.caption("Your code against it is under the editor, and follows as you type.")


def way_on(data: dict) -> None:
    pages = nav.current()
    order = [e["id"] for e in content.exercise_list()]
    index = order.index(data["id"])
    st.divider()
    left, right = st.columns(2)
    lesson = pages.get(data["lesson"])
    if lesson:
        left.page_link(lesson, label="Back to the lesson", icon=":material/arrow_back:")
    else:
        left.page_link(pages["home"], label="Course map", icon=":material/map:")
    if index + 1 < len(order):
        right.page_link(pages["exercise:" + order[index + 1]], label="Next exercise",
                        icon=":material/arrow_forward:")
