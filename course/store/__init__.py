"""The course's memory: learners, classes, submissions, best scores, hints, drafts, visits.

Plain SQLAlchemy (no Streamlit import), so the pages (through ``st.connection("speedlit",
type="sql")``), the teacher's exports and the command line share one implementation. Portable
across SQLite (the zero-set-up default: WAL, busy retries) and PostgreSQL; the schema is
versioned and upgraded in place by Alembic (``course/store/migrations``).
"""
from course.store.api import Store, StoreError, join_code, resume_code  # noqa: F401
