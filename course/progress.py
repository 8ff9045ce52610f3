"""Who the learner is, and their progress, for the pages (``course.store`` does the storing).

The database is reached through ``st.connection("speedlit", type="sql")``: configured under
``[connections.speedlit]`` in ``.streamlit/secrets.toml`` (e.g. a workshop's PostgreSQL), else
``SPEEDLIT_PROGRESS_URL``, else SQLite in ``.progress/`` beside the app. The schema is brought
up to date once per server.

Identity: with an identity provider configured (``[auth]`` in secrets), ``st.login`` and
``st.user``. Otherwise a local profile: a first visit makes one (named "Guest" until the
learner gives a name) and puts its personal resume code in the URL (``?me=…``, ~69 random
bits): a bookmark brings the learner back on any device, and nobody can guess another's.
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from course.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
CONNECTION = "speedlit"
GUEST = "Guest"


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file, or one that does not parse: defaults
        return {}


def _default_url() -> str:
    if os.environ.get("SPEEDLIT_PROGRESS_URL"):
        return os.environ["SPEEDLIT_PROGRESS_URL"]
    folder = ROOT / ".progress"
    folder.mkdir(exist_ok=True)
    return f"sqlite:///{folder / 'progress.sqlite'}"


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The store, on the app's SQL connection, its schema upgraded once per server."""
    configured = _secrets().get("connections", {}).get(CONNECTION)
    if configured and not os.environ.get("SPEEDLIT_PROGRESS_URL"):
        conn = st.connection(CONNECTION, type="sql")
    else:
        conn = st.connection(CONNECTION, type="sql", url=_default_url())
    made = Store(conn.engine)
    made.upgrade()
    return made


def login_configured() -> bool:
    return bool(_secrets().get("auth"))


# ---------------------------------------------------------------- identity
def identify() -> dict | None:
    """This session's learner (``{"id", "name", "class_id", "code"}``), found once per
    session: by the identity provider, else by the resume code in the URL, else a new guest
    profile. None: a provider is configured and nobody is logged in, or the URL names a
    code no profile has (``st.session_state.unknown_code`` says so)."""
    known = st.session_state.get("_learner")
    if known is not None:
        _keep_code_in_url(known)
        return known
    found = None
    if login_configured():
        if getattr(st.user, "is_logged_in", False):
            subject = str(st.user.get("sub") or st.user.get("email"))
            learner_id = store().by_subject(subject, str(st.user.get("name") or GUEST))
            found = {**store().learner(learner_id), "code": None}
    else:
        code = st.query_params.get("me")
        if code:
            row = store().by_resume_code(code)
            if row is None:
                st.session_state.unknown_code = code
                return None
            found = {**row, "code": code}
        else:
            learner_id, code = store().new_learner(GUEST)
            found = {**store().learner(learner_id), "code": code}
    if found is None:
        return None
    found = {k: found[k] for k in ("id", "name", "class_id", "code")}
    st.session_state._learner = found
    _keep_code_in_url(found)
    return found


def _keep_code_in_url(learner: dict) -> None:
    if learner.get("code") and st.query_params.get("me") != learner["code"]:
        st.query_params["me"] = learner["code"]


def use_code(code: str) -> str | None:
    """Switch this session to the profile with resume ``code``; an error text, or None."""
    row = store().by_resume_code(code.strip())
    if row is None:
        return ("No profile has that code. Check the letters and digits; capitals, spaces "
                "and dashes do not matter.")
    st.session_state._learner = {"id": row["id"], "name": row["name"],
                                 "class_id": row["class_id"], "code": store().code_as_issued(code)}
    st.session_state.pop("unknown_code", None)
    _forget_pages()
    return None


def start_new(name: str = GUEST) -> str | None:
    """A new local profile for this session; an error text, or None."""
    try:
        learner_id, code = store().new_learner(name or GUEST)
    except StoreError as exc:
        return str(exc)
    st.session_state._learner = {**{k: v for k, v in store().learner(learner_id).items()
                                    if k in ("id", "name", "class_id")}, "code": code}
    st.session_state.pop("unknown_code", None)
    _forget_pages()
    return None


def rename(name: str) -> str | None:
    me = identify()
    if me is None:
        return "Nobody is signed in."
    try:
        store().rename(me["id"], name)
    except StoreError as exc:
        return str(exc)
    me["name"] = " ".join(name.split())
    return None


def join(code: str) -> str | None:
    me = identify()
    if me is None:
        return "Nobody is signed in."
    try:
        room = store().join(me["id"], code)
    except StoreError as exc:
        return str(exc)
    me["class_id"] = room["id"]
    return None


def class_name() -> str | None:
    me = identify()
    if not me or not me.get("class_id"):
        return None
    return next((c["name"] for c in store().classes() if c["id"] == me["class_id"]), None)


def _forget_pages() -> None:
    """Another learner now: what the pages kept for the previous one must go."""
    for key in [k for k in st.session_state if str(k).startswith("exercise:")]:
        del st.session_state[key]
    st.session_state.pop("_last_page", None)
    _changed()


def learner() -> str | None:
    me = identify()
    return me["id"] if me else None


# ---------------------------------------------------------------- progress
def visit(page: str) -> None:
    """Remember that this learner opened ``page``: written when the learner arrives on a page,
    not on the reruns that follow while they use it."""
    who = learner()
    if who is None or st.session_state.get("_last_page") == page:
        return
    st.session_state["_last_page"] = page
    store().visit(who, page)
    _changed()


def record(exercise: str, code: str, result) -> None:
    """Keep a graded submission: the code, the whole result, the time."""
    who = learner()
    if who is not None:
        store().record_submission(who, exercise, code, result.to_dict())
        _changed()


def reveal(exercise: str, *, hints: int | None = None, solution: bool = False) -> None:
    who = learner()
    if who is not None:
        store().reveal(who, exercise, hints=hints, solution=solution)


def exercise_state(exercise: str) -> dict:
    who = learner()
    if who is None:
        return {"hints_shown": 0, "solution_shown": False, "attempts": 0, "last_result": None,
                "last_code": None}
    return store().exercise_state(who, exercise)


def summary() -> dict:
    """Visited pages (most recent first), best scores, and where this learner stopped — read
    once per session and kept until this session records something new (every page's
    sidebar shows it)."""
    who = learner()
    if who is None:
        return {"visits": [], "scores": {}, "last_page": None}
    kept = st.session_state.get("_summary")
    if kept is None or kept[0] != who:
        kept = st.session_state["_summary"] = (who, store().summary(who))
    return kept[1]


def _changed() -> None:
    st.session_state.pop("_summary", None)


def standing() -> dict:
    """Where the learner stands: each lesson "done" (opened, and all its exercises passed),
    "started" (opened) or "new"; the exercises passed; points earned and possible."""
    from course import content

    mine = summary()
    seen = set(mine["visits"])
    exercises = content.exercise_list()
    passed = {e for e, (score, top) in mine["scores"].items() if top and score >= top}
    lessons = {}
    for item in content.lesson_list():
        own = [e["id"] for e in exercises if e["lesson"] == item["id"]]
        lessons[item["id"]] = ("new" if item["id"] not in seen else
                               "done" if all(e in passed for e in own) else "started")
    return {"lessons": lessons, "passed": passed,
            "points": sum(score for score, _ in mine["scores"].values()),
            "possible": sum(e["points"] for e in exercises)}


def save_draft(exercise: str, code: str) -> None:
    """Keep the learner's latest code for an exercise, so a reload loses nothing."""
    who = learner()
    if who is not None:
        store().save_draft(who, exercise, code)


def draft(exercise: str) -> str | None:
    who = learner()
    return store().draft(who, exercise) if who is not None else None
