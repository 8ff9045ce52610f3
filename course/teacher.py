"""The teacher's dashboard: classes and join codes, a live learners × exercises grid, where
the class struggles, each learner's submissions with the feedback they got, and exports.

Locked unless the server says who may open it: ``[speedlit] teacher_secret`` in
``.streamlit/secrets.toml`` (a passphrase the teacher types; or ``SPEEDLIT_TEACHER_SECRET``), or, with ``st.login``
configured, ``[speedlit] teachers`` (a list of e-mail addresses). With neither, the page says
how to switch it on and shows nothing else.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import time

import pandas as pd
import streamlit as st

from checkers.result import Result
from course import content, display_view, grading_service, progress
from course.store import StoreError, exports

REFRESH_SECONDS = 5


def _settings() -> dict:
    """``[speedlit]`` of the secrets; ``SPEEDLIT_TEACHER_SECRET`` (e.g. a container's
    environment) when the file has no passphrase."""
    try:
        found = dict(st.secrets.get("speedlit", {}))
    except Exception:  # no secrets file
        found = {}
    if not found.get("teacher_secret") and os.environ.get("SPEEDLIT_TEACHER_SECRET"):
        found["teacher_secret"] = os.environ["SPEEDLIT_TEACHER_SECRET"]
    return found


def _teacher_emails() -> set[str]:
    listed = _settings().get("teachers") or []
    return {str(e).strip().lower() for e in ([listed] if isinstance(listed, str) else listed)}


def allowed() -> bool:
    """Whether this session may see the dashboard (asking for the passphrase if need be)."""
    if st.session_state.get("_teacher"):
        return True
    emails, secret = _teacher_emails(), str(_settings().get("teacher_secret") or "")
    if emails and progress.login_configured() and getattr(st.user, "is_logged_in", False):
        if str(st.user.get("email", "")).lower() in emails:
            st.session_state._teacher = True
            return True
    if not secret:
        if emails and progress.login_configured():
            st.warning("Log in with a teacher's account to open the dashboard.",
                       icon=":material/lock:")
            st.button("Log in", icon=":material/login:", on_click=st.login)
        else:
            st.info("The teacher's dashboard is switched off on this server. To switch it on, "
                    "add a passphrase to `.streamlit/secrets.toml`:\n\n"
                    "```toml\n[speedlit]\nteacher_secret = \"a long phrase only you know\"\n```"
                    "\n\nor, with `st.login` configured, `teachers = [\"you@school.org\"]`.",
                    icon=":material/lock:")
        return False
    with st.form("teacher-unlock"):
        typed = st.text_input("Teacher's passphrase", type="password")
        if st.form_submit_button("Open the dashboard", icon=":material/lock_open:"):
            if hmac.compare_digest(hashlib.sha256(typed.encode()).digest(),
                                   hashlib.sha256(secret.encode()).digest()):
                st.session_state._teacher = True
                st.rerun()
            time.sleep(1)  # a guesser gets one try a second
            st.error("That is not the passphrase.")
    return False


def dashboard() -> None:
    st.title(":material/school: Teacher's dashboard")
    if not allowed():
        return
    store = progress.store()
    room = choose_class(store)
    if room is None:
        return
    st.markdown(f"Learners join **{room['name']}** with the code "
                f"`{room['join_code']}` (sidebar → their name → *Class code*).")
    live(room["id"])
    struggles, learner, export = st.tabs(
        ["Where they struggle", "One learner", "Export"], on_change="rerun",
        key=f"teacher-tabs:{room['id']}")
    if struggles.open:
        with struggles:
            where_they_struggle(room["id"])
    if learner.open:
        with learner:
            one_learner(room["id"])
    if export.open:
        with export:
            downloads(room)


def choose_class(store) -> dict | None:
    classes = store.classes()
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with right.popover("New class", icon=":material/add:", width="stretch"):
        with st.form("new-class", clear_on_submit=True, border=False):
            name = st.text_input("Name of the class", max_chars=120,
                                 placeholder="Tuesday workshop")
            if st.form_submit_button("Create", type="primary"):
                try:
                    made = store.create_class(name)
                except StoreError as exc:
                    st.error(str(exc))
                else:
                    st.session_state["teacher-class"] = made["id"]
                    st.rerun()
    if not classes:
        left.info("No class yet: create one, then give its join code to your learners.")
        return None
    by_id = {c["id"]: c for c in classes}
    if st.session_state.get("teacher-class") not in by_id:
        st.session_state["teacher-class"] = classes[-1]["id"]
    chosen = left.selectbox("Class", list(by_id), key="teacher-class",
                            format_func=lambda i: f"{by_id[i]['name']} · {by_id[i]['join_code']}")
    return by_id[chosen]


def _cell(done: dict | None) -> str:
    if not done:
        return ""
    mark = "✓" if done["passed"] else "◐" if done["score"] else "✗"  # in every font
    return f"{mark} {done['score']:g}/{done['max_score']:g} · {done['attempts']}×"


def _ago(when: dt.datetime | None) -> str:
    if when is None:
        return "never"
    seconds = (dt.datetime.now(dt.timezone.utc) - when).total_seconds()
    if seconds < 90:
        return "just now"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min ago"
    if seconds < 129600:
        return f"{seconds / 3600:.0f} h ago"
    return when.strftime("%Y-%m-%d")


def _page_name(page: str | None) -> str:
    if not page:
        return ""
    kind, _, ident = page.partition(":")  # "exercise:<id>", or a lesson's id
    if ident and kind == "exercise":
        return "✎ " + next((i["title"] for i in content.exercise_list() if i["id"] == ident), ident)
    return next((i["title"] for i in content.lesson_list() if i["id"] == page), page)


@st.fragment(run_every=REFRESH_SECONDS)
def live(class_id: int) -> None:
    """The class now: who is here, what each has done, and the grading queue; refreshes
    itself every few seconds (only this part reruns)."""
    exercises = [e["id"] for e in content.exercise_list()]
    rows = exports.grid(progress.store(), class_id, exercises)
    load = grading_service.service().room.load()
    recent = sum(1 for r in rows if r["last_seen"] and (
        dt.datetime.now(dt.timezone.utc) - r["last_seen"]).total_seconds() < 600)
    passed = sum(1 for r in rows for c in r["exercises"].values() if c["passed"])
    a, b, c, d = st.columns(4)
    a.metric("Learners", len(rows))
    b.metric("Active in the last 10 min", recent)
    c.metric("Exercises passed", passed)
    d.metric("Checks waiting / running", f"{load['queued']} / {load['running']}")
    if not rows:
        st.caption("Nobody has joined yet.")
        return
    titles = {e["id"]: e["title"] for e in content.exercise_list()}
    table = pd.DataFrame([{"Learner": r["name"], "Last seen": _ago(r["last_seen"]),
                           "Where": _page_name(r["last_page"]),
                           **{titles[e]: _cell(r["exercises"].get(e)) for e in exercises}}
                          for r in rows])
    st.dataframe(table, hide_index=True, width="stretch", height=min(36 * (len(rows) + 1) + 4, 600))
    st.caption(f"✓ passed · ◐ some points · ✗ no points yet · n× = Checks made. Refreshes every "
               f"{REFRESH_SECONDS} s.")


def where_they_struggle(class_id: int) -> None:
    found = exports.struggles(progress.store(), class_id)
    if not found:
        st.caption("No failing check in anyone's latest submission.")
        return
    titles = {e["id"]: e["title"] for e in content.exercise_list()}
    for exercise in [e["id"] for e in content.exercise_list() if e["id"] in found]:
        with st.expander(f"{titles[exercise]} — {found[exercise][0]['learners']} stuck on "
                         f"“{found[exercise][0]['check']}”"):
            for item in found[exercise]:
                named = ", ".join(f"{m} ({n})" for m, n in item["mistakes"].items())
                st.markdown(f"- **{item['check']}**: {item['learners']} of {item['of']} "
                            f"learners" + (f" · mistakes: {named}" if named else ""))


def one_learner(class_id: int) -> None:
    store = progress.store()
    roster = store.roster(class_id)
    if not roster:
        st.caption("Nobody has joined yet.")
        return
    names = {r["id"]: r["name"] for r in roster}
    who = st.selectbox("Learner", list(names), format_func=names.get, key="teacher-learner")
    rows = store.submissions(learner_id=who)
    if not rows:
        st.caption(f"{names[who]} has not checked any exercise yet.")
        return
    titles = {e["id"]: e["title"] for e in content.exercise_list()}
    by_id = {r["id"]: r for r in rows}
    picked = st.selectbox(
        "Submission", list(by_id), key=f"teacher-submission:{who}",
        format_func=lambda i: (f"{by_id[i]['at']:%Y-%m-%d %H:%M} · "
                               f"{titles.get(by_id[i]['exercise'], by_id[i]['exercise'])} · "
                               f"{by_id[i]['score']:g}/{by_id[i]['max_score']:g}"))
    row = by_id[picked]
    st.code(row["code"], language="python", line_numbers=True)
    display_view.feedback(Result.from_dict(row["result"]), row["code"])


def downloads(room: dict) -> None:
    store = progress.store()
    exercises = [e["id"] for e in content.exercise_list()]
    stem = "".join(ch if ch.isalnum() else "-" for ch in room["name"]).strip("-") or "class"
    st.download_button("Gradebook (CSV)", icon=":material/table:", on_click="ignore",
                       data=lambda: exports.gradebook_csv(store, room["id"], exercises),
                       file_name=f"{stem}-gradebook.csv", mime="text/csv")
    st.download_button("Gradescope results (zip of results.json)", icon=":material/download:",
                       on_click="ignore", data=lambda: exports.gradescope_zip(store, room["id"]),
                       file_name=f"{stem}-gradescope.zip", mime="application/zip")
    st.download_button("All submissions with feedback (zip)", icon=":material/folder_zip:",
                       on_click="ignore", data=lambda: exports.submissions_zip(store, room["id"]),
                       file_name=f"{stem}-submissions.zip", mime="application/zip")
    st.caption("The gradebook has a row per learner: total, then per exercise and per check "
               "the points of their best submission and the maximum.")
