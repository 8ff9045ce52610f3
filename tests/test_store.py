"""The course's memory on real databases — SQLite (the default) and PostgreSQL — upgraded in
place, correct under a class writing at once, and durable when the server is killed."""
from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from course.store import Store, StoreError
from course.store import schema as t

REPO = Path(__file__).resolve().parent.parent


def test_upgrade_is_versioned_and_idempotent(store):
    assert store.version() == "0001"
    assert store.upgrade() == "0001"  # a second start changes nothing
    names = set(sa.inspect(store.engine).get_table_names())
    assert {"learners", "classes", "submissions", "best", "exercise_state", "drafts",
            "visits", "alembic_version"} <= names


def test_times_keep_their_precision(store):
    learner, _ = store.new_learner("Ada")
    stamps = []
    for page in ("a", "b", "c"):
        store.visit(learner, page)
        with store.engine.connect() as c:
            stamps.append(c.execute(sa.select(t.visits.c.at).where(
                t.visits.c.learner_id == learner, t.visits.c.page == page)).scalar())
        time.sleep(0.01)
    assert len(set(stamps)) == 3  # 10 ms apart, three different times
    assert store.summary(learner)["visits"] == ["c", "b", "a"]


def test_best_score_only_rises_and_attempts_count(store):
    learner, _ = store.new_learner("Ada")
    for score in (3, 9, 1):
        store.record_submission(learner, "cache-ttl", f"# {score}",
                                {"score": score, "max_score": 9, "passed": score == 9})
    assert store.summary(learner)["scores"]["cache-ttl"] == (9.0, 9.0)
    state = store.exercise_state(learner, "cache-ttl")
    assert state["attempts"] == 3 and state["last_result"]["score"] == 1
    assert len(store.submissions(learner_id=learner)) == 3


def test_reveals_are_remembered_and_never_taken_back(store):
    learner, _ = store.new_learner("Ada")
    store.reveal(learner, "x", hints=2)
    store.reveal(learner, "x", hints=1)
    store.reveal(learner, "x", solution=True)
    store.record_submission(learner, "x", "pass", {"score": 0, "max_score": 5})
    state = store.exercise_state(learner, "x")
    assert (state["hints_shown"], state["solution_shown"], state["attempts"]) == (2, True, 1)


def test_classes_join_codes_and_resume_codes(store):
    room = store.create_class("Tuesday workshop")
    assert len(room["join_code"]) == 6 and room["join_code"].isalnum()
    learner, code = store.new_learner("Anna-Smith", room["join_code"].lower())
    assert store.learner(learner)["class_id"] == room["id"]
    assert store.by_resume_code(code)["id"] == learner
    assert code.isalnum() and code == code.lower() and len(code) >= 12
    typed = "-".join([code[:5].upper(), code[5:10], " " + code[10:]])  # as written on paper
    assert store.by_resume_code(typed)["id"] == learner
    assert store.by_resume_code(code[:-1] + ("x" if code[-1] != "x" else "y")) is None
    with pytest.raises(StoreError, match="No class has the code"):
        store.new_learner("Bob", "NOPE42")
    with pytest.raises(StoreError, match="empty"):
        store.new_learner("   ")
    other = store.create_class("Other class")
    outsider, _ = store.new_learner("Eve", other["join_code"])
    store.record_submission(outsider, "x", "pass", {"score": 1, "max_score": 1, "passed": True})
    assert store.gradebook(room["id"]) == []  # one class never sees another's learners
    assert [s["learner_id"] for s in store.submissions(class_id=other["id"])] == [outsider]


def test_forty_learners_saving_at_once_lose_nothing(store):
    learners = [store.new_learner(f"Learner {n}")[0] for n in range(40)]
    errors: list[BaseException] = []
    start = threading.Barrier(40)

    def learner_works(who: str, n: int) -> None:
        try:
            start.wait()
            for k in range(5):
                store.save_draft(who, "cache-ttl", f"# learner {n} draft {k}")
                store.record_submission(who, "cache-ttl", f"# {n}.{k}",
                                        {"score": k, "max_score": 4, "passed": k == 4})
                store.visit(who, f"page-{k}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=learner_works, args=(w, n))
               for n, w in enumerate(learners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    for n, who in enumerate(learners):
        assert store.draft(who, "cache-ttl") == f"# learner {n} draft 4"
        assert store.summary(who)["scores"]["cache-ttl"] == (4.0, 4.0)
        assert store.exercise_state(who, "cache-ttl")["attempts"] == 5
    assert len(store.submissions()) == 200


WRITER = """
import sys, time
import sqlalchemy as sa
from course.store import Store
store = Store(sa.create_engine(sys.argv[1]))
learner = sys.argv[2]
n = 0
while True:
    n += 1
    store.save_draft(learner, "cache-ttl", f"# keystroke {n}")
    print(n, flush=True)
"""


def test_a_killed_server_loses_only_what_was_not_yet_saved(store, url, tmp_path):
    """``kill -9`` in the middle of saving: every save that returned is there afterwards."""
    learner, _ = store.new_learner("Ada")
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), url, learner],
                              cwd=REPO, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    confirmed = 0
    deadline = time.monotonic() + 60
    while confirmed < 50 and time.monotonic() < deadline:
        confirmed = int(writer.stdout.readline() or confirmed)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert confirmed >= 50
    store.engine.dispose()
    saved = int(store.draft(learner, "cache-ttl").split()[-1])
    assert saved >= confirmed  # nothing that was confirmed is lost


def test_an_earlier_progress_file_is_upgraded_in_place(tmp_path):
    """The layout before classrooms (visits, scores, drafts keyed by a bare id, REAL times)
    becomes the versioned schema with the learners' progress kept."""
    path = tmp_path / "progress.sqlite"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE visits (learner TEXT NOT NULL, page TEXT NOT NULL, at REAL NOT NULL,
                             PRIMARY KEY (learner, page));
        CREATE TABLE scores (learner TEXT NOT NULL, exercise TEXT NOT NULL, score REAL NOT NULL,
                             max_score REAL NOT NULL, at REAL NOT NULL,
                             PRIMARY KEY (learner, exercise));
        CREATE TABLE drafts (learner TEXT NOT NULL, exercise TEXT NOT NULL, code TEXT NOT NULL,
                             at REAL NOT NULL, PRIMARY KEY (learner, exercise));
        INSERT INTO visits VALUES ('a1b2c3d4', 'cache-data', 1700000000.0),
                                  ('a1b2c3d4', 'reruns', 1700000060.0);
        INSERT INTO scores VALUES ('a1b2c3d4', 'cache-ttl', 9, 9, 1700000100.0);
        INSERT INTO drafts VALUES ('a1b2c3d4', 'cache-ttl', 'print(1)', 1700000100.0);
    """)
    old.commit()
    old.close()
    store = Store(sa.create_engine(f"sqlite:///{path}"))
    assert store.upgrade() == "0001"
    summary = store.summary("a1b2c3d4")
    assert summary["visits"] == ["reruns", "cache-data"]
    assert summary["scores"] == {"cache-ttl": (9.0, 9.0)}
    assert store.draft("a1b2c3d4", "cache-ttl") == "print(1)"
    assert not {"legacy_visits", "scores"} & set(sa.inspect(store.engine).get_table_names())
    with store.engine.connect() as c:
        when = c.execute(sa.select(t.visits.c.at).where(t.visits.c.page == "reruns")).scalar()
    assert when.replace(tzinfo=dt.timezone.utc) == \
        dt.datetime.fromtimestamp(1700000060, dt.timezone.utc)
