"""Learners, classes, submissions, best scores, exercise state, drafts and visits — and the
progress kept by earlier versions (visits, scores, drafts keyed by a bare learner id, times as
REAL seconds) carried over.

Revision ID: 0001
Revises:
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

LEGACY = ("visits", "scores", "drafts")
STAMP = sa.DateTime(timezone=True)
SCORE = sa.Float(precision=53)


def _legacy(bind) -> set[str]:
    """Tables of the earlier layout: they have a ``learner`` column, not ``learner_id``."""
    inspector = sa.inspect(bind)
    return {name for name in LEGACY if name in inspector.get_table_names() and
            "learner" in {c["name"] for c in inspector.get_columns(name)}}


def upgrade() -> None:
    bind = op.get_bind()
    legacy = _legacy(bind)
    for name in legacy:
        op.rename_table(name, f"legacy_{name}")
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("join_code", sa.String(12), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.UniqueConstraint("join_code", name="uq_classes_join_code"))
    op.create_table(
        "learners",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("class_id", sa.Integer, sa.ForeignKey(
            "classes.id", ondelete="SET NULL", name="fk_learners_class_id")),
        sa.Column("resume_hash", sa.String(64)),
        sa.Column("subject", sa.String(200)),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("last_page", sa.String(120)),
        sa.Column("last_seen", STAMP),
        sa.UniqueConstraint("resume_hash", name="uq_learners_resume_hash"),
        sa.UniqueConstraint("subject", name="uq_learners_subject"))
    op.create_index("ix_learners_class_id", "learners", ["class_id"])
    owner = dict(ondelete="CASCADE")
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("learner_id", sa.String(40), sa.ForeignKey(
            "learners.id", name="fk_submissions_learner_id", **owner), nullable=False),
        sa.Column("exercise", sa.String(80), nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("score", SCORE, nullable=False),
        sa.Column("max_score", SCORE, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("at", STAMP, nullable=False))
    op.create_index("ix_submissions_learner_id", "submissions", ["learner_id"])
    for name, extra in (
        ("best", [sa.Column("score", SCORE, nullable=False),
                  sa.Column("max_score", SCORE, nullable=False),
                  sa.Column("passed", sa.Boolean, nullable=False)]),
        ("exercise_state", [sa.Column("hints_shown", sa.Integer, nullable=False),
                            sa.Column("solution_shown", sa.Boolean, nullable=False),
                            sa.Column("attempts", sa.Integer, nullable=False),
                            sa.Column("last_result", sa.JSON)]),
        ("drafts", [sa.Column("code", sa.Text, nullable=False)]),
    ):
        op.create_table(
            name,
            sa.Column("learner_id", sa.String(40), sa.ForeignKey(
                "learners.id", name=f"fk_{name}_learner_id", **owner), primary_key=True),
            sa.Column("exercise", sa.String(80), primary_key=True),
            *extra,
            sa.Column("at", STAMP, nullable=False))
    op.create_table(
        "visits",
        sa.Column("learner_id", sa.String(40), sa.ForeignKey(
            "learners.id", name="fk_visits_learner_id", **owner), primary_key=True),
        sa.Column("page", sa.String(120), primary_key=True),
        sa.Column("at", STAMP, nullable=False))
    if legacy:
        _carry_over(bind, legacy)


def _when(seconds) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(float(seconds), dt.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return dt.datetime.now(dt.timezone.utc)


def _carry_over(bind, legacy: set[str]) -> None:
    """The earlier tables' rows into the new ones, then the earlier tables dropped."""
    meta = sa.MetaData()
    old = {name: sa.Table(f"legacy_{name}", meta, autoload_with=bind) for name in legacy}
    new = sa.MetaData()
    new.reflect(bind, only=["learners", "visits", "best", "drafts"])
    rows = {name: bind.execute(sa.select(table)).mappings().all() for name, table in old.items()}
    ids = sorted({str(r["learner"]) for found in rows.values() for r in found})
    now = dt.datetime.now(dt.timezone.utc)
    if ids:
        bind.execute(new.tables["learners"].insert(), [
            {"id": i[:40], "name": f"Learner {i[:8]}", "created_at": now} for i in ids])
    if rows.get("visits"):
        bind.execute(new.tables["visits"].insert(), [
            {"learner_id": str(r["learner"])[:40], "page": str(r["page"])[:120],
             "at": _when(r["at"])} for r in rows["visits"]])
    if rows.get("scores"):
        bind.execute(new.tables["best"].insert(), [
            {"learner_id": str(r["learner"])[:40], "exercise": str(r["exercise"])[:80],
             "score": float(r["score"]), "max_score": float(r["max_score"]),
             "passed": float(r["score"]) >= float(r["max_score"]) > 0, "at": _when(r["at"])}
            for r in rows["scores"]])
    if rows.get("drafts"):
        bind.execute(new.tables["drafts"].insert(), [
            {"learner_id": str(r["learner"])[:40], "exercise": str(r["exercise"])[:80],
             "code": str(r["code"]), "at": _when(r["at"])} for r in rows["drafts"]])
    for name in legacy:
        op.drop_table(f"legacy_{name}")


def downgrade() -> None:
    for name in ("visits", "drafts", "exercise_state", "best", "submissions", "learners",
                 "classes"):
        op.drop_table(name)
