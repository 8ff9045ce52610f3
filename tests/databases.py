"""Real databases for the tests: SQLite in a temporary folder, and PostgreSQL — the server named
by ``SPEEDLIT_TEST_POSTGRES`` (a SQLAlchemy URL), else a throwaway instance started from
Debian's PostgreSQL binaries (``initdb`` + ``pg_ctl`` as the ``postgres`` user, on a Unix
socket in a temporary folder), else none (the tests that need it say so and skip; CI installs
it and may skip nothing)."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class Postgres:
    """A PostgreSQL server for one test session; ``url(db)`` makes a fresh database."""

    def __init__(self) -> None:
        self.base_url = os.environ.get("SPEEDLIT_TEST_POSTGRES", "")
        self.folder: Path | None = None
        self.reason = ""
        self._count = 0

    def start(self) -> bool:
        if self.base_url:
            return True
        binaries = _binaries()
        if binaries is None:
            self.reason = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)"
            return False
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            self.reason = "there is no `postgres` user to run PostgreSQL as"
            return False
        if os.geteuid() not in (0, user.pw_uid):
            self.reason = "starting PostgreSQL needs root or the `postgres` user"
            return False
        self.folder = Path(tempfile.mkdtemp(prefix="speedlit-pg-"))
        os.chown(self.folder, user.pw_uid, user.pw_gid)
        data = self.folder / "data"

        def as_postgres(*cmd: str) -> subprocess.CompletedProcess:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                                  user=user.pw_uid, group=user.pw_gid,
                                  env={"PATH": os.environ.get("PATH", "/usr/bin"),
                                       "LC_ALL": "C.UTF-8"})

        made = as_postgres(str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
                           "--auth=trust", "-E", "UTF8")
        if made.returncode:
            self.reason = f"initdb failed: {made.stderr.strip()[-300:]}"
            return False
        options = f"-k {self.folder} -c listen_addresses='' -c max_connections=200 " \
                  "-c fsync=on -c shared_buffers=32MB"
        started = as_postgres(str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                              "-l", str(self.folder / "log"), "-w", "-t", "60", "start")
        if started.returncode:
            self.reason = f"PostgreSQL did not start: {started.stderr.strip()[-300:]}"
            return False
        self._stop = lambda: as_postgres(str(binaries / "pg_ctl"), "-D", str(data), "-m",
                                         "immediate", "stop")
        self.base_url = f"postgresql+psycopg://postgres@/postgres?host={self.folder}"
        return True

    def url(self, name: str | None = None) -> str:
        """A new, empty database on the server."""
        import sqlalchemy as sa

        self._count += 1
        name = name or f"speedlit_test_{os.getpid()}_{self._count}_{int(time.time())}"
        admin = sa.create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = sa.engine.make_url(self.base_url)
        return url.set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        if self.folder is not None:
            getattr(self, "_stop", lambda: None)()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def unavailable(reason: str) -> None:
    """Skip on a newcomer's machine; fail in CI (``SPEEDLIT_REQUIRE_ALL=1``)."""
    import pytest

    if os.environ.get("SPEEDLIT_REQUIRE_ALL") == "1":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def new_profile(url: str, name: str = "Test learner") -> tuple[str, str]:
    """A local learner profile in the progress database at ``url``: (id, resume code)."""
    import sqlalchemy as sa

    from course.store import Store

    store = Store(sa.create_engine(url))
    try:
        store.upgrade()
        return store.new_learner(name)
    finally:
        store.engine.dispose()
