"""Reading and writing the course's memory, on any SQLAlchemy engine (see ``course.store``)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import secrets
import time
from pathlib import Path

from sqlalchemy import Engine, and_, case, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from course.store import schema as t

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room
MAX_CODE = 200_000  # characters of code kept per draft or submission
BUSY_RETRIES = 8


class StoreError(ValueError):
    """A request the store refuses (unknown class code, a name too long …); its text is for
    the person who made it."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


RESUME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def resume_code() -> str:
    """A learner's personal code: 14 letters and digits (about 69 random bits), unguessable,
    easy to write down and safe in a URL."""
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(14))


def normal_code(code: str) -> str:
    """What a learner typed, as it was issued: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]", "", code or "").lower()


def join_code() -> str:
    """A class's join code: six characters a teacher can read out."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(6))


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe with WAL
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


class Store:
    """The course's memory on ``engine``. Thread-safe (one transaction per call)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        if self.dialect == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
            event.listen(engine, "connect", _sqlite_pragmas)
            engine.dispose()  # connections opened before the pragmas get them too

    # ------------------------------------------------------------ schema
    def upgrade(self) -> str:
        """Bring the schema to the newest version, in place; return that version."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return self.version()

    def version(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    # ------------------------------------------------------------ transactions
    def _run(self, work):
        """``work(connection)`` in a transaction, retried as a whole when SQLite is busy."""
        for attempt in range(BUSY_RETRIES):
            try:
                with self.engine.begin() as connection:
                    return work(connection)
            except OperationalError as exc:
                busy = "locked" in str(exc).lower() or "busy" in str(exc).lower()
                if not busy or attempt == BUSY_RETRIES - 1:
                    raise
                time.sleep(0.02 * (2 ** attempt) * (0.5 + random.random()))
        return None

    def _upsert(self, connection, table, values: dict, keys: tuple[str, ...],
                update_with: dict | None = None) -> None:
        """Insert, or update the row with the same ``keys``: ``update_with`` maps a column to
        an expression of ``new`` (the proposed row) and the table, default: the new value."""
        if self.dialect in ("postgresql", "sqlite"):
            if self.dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as dialect_insert
            else:
                from sqlalchemy.dialects.sqlite import insert as dialect_insert
            statement = dialect_insert(table).values(**values)
            new = statement.excluded
            changes = {c: (update_with or {}).get(c, lambda n, _t, c=c: n[c])(new, table)
                       for c in values if c not in keys}
            connection.execute(statement.on_conflict_do_update(index_elements=list(keys),
                                                               set_=changes))
            return
        if self.dialect in ("mysql", "mariadb"):
            from sqlalchemy.dialects.mysql import insert as dialect_insert

            statement = dialect_insert(table).values(**values)
            new = statement.inserted
            changes = {c: (update_with or {}).get(c, lambda n, _t, c=c: n[c])(new, table)
                       for c in values if c not in keys}
            connection.execute(statement.on_duplicate_key_update(**changes))
            return
        where = and_(*(table.c[k] == values[k] for k in keys))
        done = connection.execute(update(table).where(where).values(
            **{c: v for c, v in values.items() if c not in keys}))
        if not done.rowcount:
            connection.execute(insert(table).values(**values))

    # ------------------------------------------------------------ classes
    def create_class(self, name: str) -> dict:
        name = _text(name, "class name", 120)
        for _ in range(20):
            code = join_code()
            try:
                new_id = self._run(lambda c: c.execute(insert(t.classes).values(
                    name=name, join_code=code, created_at=now())).inserted_primary_key[0])
                return {"id": new_id, "name": name, "join_code": code}
            except IntegrityError:
                continue  # that code is taken: draw another
        raise StoreError("Could not find a free join code; try again.")

    def class_by_code(self, code: str) -> dict | None:
        code = (code or "").strip().upper().replace(" ", "")
        with self.engine.connect() as c:
            row = c.execute(select(t.classes).where(t.classes.c.join_code == code)).first()
        return dict(row._mapping) if row else None

    def classes(self) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.classes).order_by(t.classes.c.created_at)).all()
        return [dict(r._mapping) for r in rows]

    # ------------------------------------------------------------ learners
    def new_learner(self, name: str, class_code: str | None = None) -> tuple[str, str]:
        """A local profile: (learner id, personal resume code). The code is shown once; the
        store keeps only its hash."""
        name = _text(name, "name", 80)
        class_id = None
        if class_code:
            found = self.class_by_code(class_code)
            if found is None:
                raise StoreError(f"No class has the code {class_code.strip()[:12]!r}. Check it "
                                 "with your teacher.")
            class_id = found["id"]
        learner_id, code = secrets.token_hex(16), resume_code()
        self._run(lambda c: c.execute(insert(t.learners).values(
            id=learner_id, name=name, class_id=class_id, resume_hash=_hash(code),
            created_at=now(), last_seen=now())))
        return learner_id, code

    def by_resume_code(self, code: str) -> dict | None:
        if not code or len(code) > 64:
            return None
        with self.engine.connect() as c:
            row = c.execute(select(t.learners).where(t.learners.c.resume_hash.in_(
                {_hash(code), _hash(normal_code(code))}))).first()
        return dict(row._mapping) if row else None

    def code_as_issued(self, code: str) -> str:
        """``code`` as it was issued (for the URL), however the learner typed it."""
        code = code.strip()
        with self.engine.connect() as c:
            exact = c.execute(select(t.learners.c.id).where(
                t.learners.c.resume_hash == _hash(code))).first()
        return code if exact else normal_code(code)

    def by_subject(self, subject: str, name: str) -> str:
        """The learner an identity provider vouches for (``st.user``), made on first sight."""
        with self.engine.connect() as c:
            found = c.execute(select(t.learners.c.id).where(
                t.learners.c.subject == subject)).scalar()
        if found:
            return found
        learner_id = secrets.token_hex(16)
        shown = _text(name or "Learner", "name", 80)
        try:
            self._run(lambda c: c.execute(insert(t.learners).values(
                id=learner_id, name=shown, subject=subject, created_at=now(),
                last_seen=now())))
        except IntegrityError:  # the same person signed in twice at once
            with self.engine.connect() as c:
                return c.execute(select(t.learners.c.id).where(
                    t.learners.c.subject == subject)).scalar()
        return learner_id

    def learner(self, learner_id: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(t.learners).where(t.learners.c.id == learner_id)).first()
        return dict(row._mapping) if row else None

    def join(self, learner_id: str, code: str) -> dict:
        found = self.class_by_code(code)
        if found is None:
            raise StoreError(f"No class has the code {str(code).strip()[:12]!r}. Check it with "
                             "your teacher.")
        self._run(lambda c: c.execute(update(t.learners).where(t.learners.c.id == learner_id)
                                      .values(class_id=found["id"])))
        return found

    def rename(self, learner_id: str, name: str) -> None:
        name = _text(name, "name", 80)
        self._run(lambda c: c.execute(update(t.learners).where(t.learners.c.id == learner_id)
                                      .values(name=name)))

    # ------------------------------------------------------------ progress
    def visit(self, learner_id: str, page: str) -> None:
        at = now()

        def work(c):
            self._upsert(c, t.visits, {"learner_id": learner_id, "page": page[:120], "at": at},
                         ("learner_id", "page"))
            c.execute(update(t.learners).where(t.learners.c.id == learner_id)
                      .values(last_page=page[:120], last_seen=at))
        self._run(work)

    def save_draft(self, learner_id: str, exercise: str, code: str) -> None:
        self._run(lambda c: self._upsert(c, t.drafts, {
            "learner_id": learner_id, "exercise": exercise, "code": code[:MAX_CODE],
            "at": now()}, ("learner_id", "exercise")))

    def draft(self, learner_id: str, exercise: str) -> str | None:
        with self.engine.connect() as c:
            return c.execute(select(t.drafts.c.code).where(
                t.drafts.c.learner_id == learner_id, t.drafts.c.exercise == exercise)).scalar()

    def record_submission(self, learner_id: str, exercise: str, code: str,
                          result: dict) -> int:
        """Keep a graded submission (code, full result, time), raise the best score, count
        the attempt and keep the feedback to show again after a reload."""
        score, max_score = float(result.get("score", 0)), float(result.get("max_score", 0))
        passed = bool(result.get("passed"))
        at = now()
        kept = json.loads(json.dumps(result, default=str))

        def work(c):
            new_id = c.execute(insert(t.submissions).values(
                learner_id=learner_id, exercise=exercise, code=code[:MAX_CODE], result=kept,
                score=score, max_score=max_score, passed=passed, at=at)).inserted_primary_key[0]
            higher = lambda n, table, col: case((n.score > table.c.score, n[col]),  # noqa: E731
                                                else_=table.c[col])
            self._upsert(c, t.best, {"learner_id": learner_id, "exercise": exercise,
                                     "score": score, "max_score": max_score, "passed": passed,
                                     "at": at}, ("learner_id", "exercise"), {
                "score": lambda n, table: higher(n, table, "score"),
                "passed": lambda n, table: case((n.score > table.c.score, n.passed),
                                                else_=table.c.passed | n.passed),
                "at": lambda n, table: higher(n, table, "at"),
            })
            self._upsert(c, t.exercise_state, {
                "learner_id": learner_id, "exercise": exercise, "attempts": 1,
                "last_result": kept, "at": at, "hints_shown": 0, "solution_shown": False},
                ("learner_id", "exercise"), {
                "attempts": lambda n, table: table.c.attempts + 1,
                "hints_shown": lambda n, table: table.c.hints_shown,
                "solution_shown": lambda n, table: table.c.solution_shown,
            })
            return new_id
        return self._run(work)

    def reveal(self, learner_id: str, exercise: str, *, hints: int | None = None,
               solution: bool = False) -> None:
        """Remember that hints up to ``hints`` (or the solution) were shown."""
        at = now()
        self._run(lambda c: self._upsert(c, t.exercise_state, {
            "learner_id": learner_id, "exercise": exercise, "hints_shown": int(hints or 0),
            "solution_shown": bool(solution), "attempts": 0, "at": at},
            ("learner_id", "exercise"), {
            "hints_shown": lambda n, table: case((n.hints_shown > table.c.hints_shown,
                                                  n.hints_shown), else_=table.c.hints_shown),
            "solution_shown": lambda n, table: table.c.solution_shown | n.solution_shown,
            "attempts": lambda n, table: table.c.attempts,
        }))

    def exercise_state(self, learner_id: str, exercise: str) -> dict:
        with self.engine.connect() as c:
            row = c.execute(select(t.exercise_state).where(
                t.exercise_state.c.learner_id == learner_id,
                t.exercise_state.c.exercise == exercise)).first()
            last_code = c.execute(select(t.submissions.c.code).where(
                t.submissions.c.learner_id == learner_id, t.submissions.c.exercise == exercise)
                .order_by(t.submissions.c.id.desc()).limit(1)).scalar()
        if row is None:
            return {"hints_shown": 0, "solution_shown": False, "attempts": 0,
                    "last_result": None, "last_code": last_code}
        return {"hints_shown": row.hints_shown, "solution_shown": bool(row.solution_shown),
                "attempts": row.attempts, "last_result": row.last_result,
                "last_code": last_code}

    def summary(self, learner_id: str) -> dict:
        """Visited pages (most recent first), best scores, and where the learner stopped."""
        with self.engine.connect() as c:
            visits = c.execute(select(t.visits.c.page).where(t.visits.c.learner_id == learner_id)
                               .order_by(t.visits.c.at.desc())).scalars().all()
            scores = c.execute(select(t.best.c.exercise, t.best.c.score, t.best.c.max_score)
                               .where(t.best.c.learner_id == learner_id)).all()
            last = c.execute(select(t.learners.c.last_page).where(
                t.learners.c.id == learner_id)).scalar()
        return {"visits": list(visits), "scores": {e: (s, m) for e, s, m in scores},
                "last_page": last}

    # ------------------------------------------------------------ teachers
    def roster(self, class_id: int) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.learners.c.id, t.learners.c.name, t.learners.c.last_seen,
                                    t.learners.c.last_page)
                             .where(t.learners.c.class_id == class_id)
                             .order_by(t.learners.c.name)).all()
        return [{**dict(r._mapping), "last_seen": _aware(r.last_seen)} for r in rows]

    def gradebook(self, class_id: int) -> list[dict]:
        """One row per learner of the class and exercise they submitted: best score, maximum,
        passed, attempts."""
        with self.engine.connect() as c:
            rows = c.execute(
                select(t.learners.c.id, t.learners.c.name, t.best.c.exercise, t.best.c.score,
                       t.best.c.max_score, t.best.c.passed, t.exercise_state.c.attempts)
                .join(t.best, t.best.c.learner_id == t.learners.c.id)
                .join(t.exercise_state, and_(
                    t.exercise_state.c.learner_id == t.best.c.learner_id,
                    t.exercise_state.c.exercise == t.best.c.exercise), isouter=True)
                .where(t.learners.c.class_id == class_id)
                .order_by(t.learners.c.name, t.best.c.exercise)).all()
        return [dict(r._mapping) for r in rows]

    def submissions(self, *, class_id: int | None = None, learner_id: str | None = None,
                    exercise: str | None = None, latest_only: bool = False) -> list[dict]:
        """Submissions, newest first, filtered; ``latest_only``: each learner's last one per
        exercise."""
        query = select(t.submissions, t.learners.c.name, t.learners.c.class_id).join(
            t.learners, t.learners.c.id == t.submissions.c.learner_id)
        if class_id is not None:
            query = query.where(t.learners.c.class_id == class_id)
        if learner_id is not None:
            query = query.where(t.submissions.c.learner_id == learner_id)
        if exercise is not None:
            query = query.where(t.submissions.c.exercise == exercise)
        if latest_only:
            newest = (select(func.max(t.submissions.c.id).label("id"))
                      .group_by(t.submissions.c.learner_id, t.submissions.c.exercise)
                      .subquery())
            query = query.where(t.submissions.c.id.in_(select(newest.c.id)))
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(t.submissions.c.id.desc())).all()
        return [{**dict(r._mapping), "at": _aware(r.at)} for r in rows]


def _text(value: str, what: str, limit: int) -> str:
    value = " ".join(str(value or "").split())
    if not value:
        raise StoreError(f"The {what} is empty.")
    if len(value) > limit:
        raise StoreError(f"The {what} is longer than {limit} characters.")
    if any(ord(ch) < 32 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069
           for ch in value):
        raise StoreError(f"The {what} holds characters that cannot be shown.")
    return value
