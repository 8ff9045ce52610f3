"""The tables, as SQLAlchemy Core metadata (the migrations create exactly these)."""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, ForeignKey, Integer, MetaData,
                        String, Table, Text)

metadata = MetaData(naming_convention={
    "pk": "pk_%(table_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s", "ix": "ix_%(table_name)s_%(column_0_name)s"})

ID = 40  # learner ids: 32 hex characters, some room
EXERCISE = 80
PAGE = 120

classes = Table(
    "classes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False),
    Column("join_code", String(12), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

learners = Table(
    "learners", metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("class_id", Integer, ForeignKey("classes.id", ondelete="SET NULL"), index=True),
    Column("resume_hash", String(64), unique=True),  # sha256 of the learner's resume code
    Column("subject", String(200), unique=True),  # the identity provider's subject (st.user)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_page", String(PAGE)),
    Column("last_seen", DateTime(timezone=True)),
)

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner_id", String(ID), ForeignKey("learners.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("exercise", String(EXERCISE), nullable=False),
    Column("code", Text, nullable=False),
    Column("result", JSON, nullable=False),
    Column("score", Float(precision=53), nullable=False),
    Column("max_score", Float(precision=53), nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

best = Table(
    "best", metadata,
    Column("learner_id", String(ID), ForeignKey("learners.id", ondelete="CASCADE"),
           primary_key=True),
    Column("exercise", String(EXERCISE), primary_key=True),
    Column("score", Float(precision=53), nullable=False),
    Column("max_score", Float(precision=53), nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

exercise_state = Table(  # what the exercise page shows besides the code
    "exercise_state", metadata,
    Column("learner_id", String(ID), ForeignKey("learners.id", ondelete="CASCADE"),
           primary_key=True),
    Column("exercise", String(EXERCISE), primary_key=True),
    Column("hints_shown", Integer, nullable=False, default=0),
    Column("solution_shown", Boolean, nullable=False, default=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_result", JSON),
    Column("at", DateTime(timezone=True), nullable=False),
)

drafts = Table(
    "drafts", metadata,
    Column("learner_id", String(ID), ForeignKey("learners.id", ondelete="CASCADE"),
           primary_key=True),
    Column("exercise", String(EXERCISE), primary_key=True),
    Column("code", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

visits = Table(
    "visits", metadata,
    Column("learner_id", String(ID), ForeignKey("learners.id", ondelete="CASCADE"),
           primary_key=True),
    Column("page", String(PAGE), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
