"""Shared fixtures for Speedlit's tests.

Real-server / real-browser fixtures (used by tests marked ``server`` and ``browser``):

* :func:`free_port` — an unused loopback TCP port.
* ``streamlit_server`` — a *factory* fixture: ``base_url = streamlit_server(script, cwd=..., env=...)``
  starts ``streamlit run`` as a subprocess, waits until ``/_stcore/health`` answers ``ok`` and
  returns the base URL (``http://127.0.0.1:<port>``). Every server started through the factory
  is killed when the test ends.
* ``browser`` — one headless Chromium per test session (Debian's ``/usr/bin/chromium``, driven
  by Playwright's sync API; Playwright's own browser downloads are never used).
* ``page`` — a fresh browser context and page per test, viewport 1280x900.
* :func:`wait_for_app` — wait until the Streamlit app finished its current run.

Test modules should not ``from conftest import ...``: ``tests/`` holds several ``conftest.py``
files (e.g. ``tests/claims/conftest.py``) and the name ``conftest`` resolves to whichever was
imported first. Request the helpers as fixtures instead — ``wait_for_app`` and ``free_port``
fixtures hand out the functions below.

On a newcomer's machine, what it cannot run is skipped with the reason shown (``-ra``):
browser tests without Chromium, sandbox tests on a host that cannot confine learner code.
CI sets ``SPEEDLIT_REQUIRE_ALL=1``: there, a missing browser or sandbox is a failure, never a
silent skip.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LEARNER_ENV = REPO / "checkers" / "learner_env"

CHROMIUM = os.environ.get("SPEEDLIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 30.0
REQUIRE_ALL = os.environ.get("SPEEDLIT_REQUIRE_ALL") == "1"
APP_IDLE_SELECTOR = "[data-testid='stApp'][data-test-script-state='notRunning']"


def unavailable(reason: str) -> None:
    """Skip with ``reason`` on a newcomer's machine; fail in CI, where everything must run."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (SPEEDLIT_REQUIRE_ALL=1: nothing may be skipped)", pytrace=False)
    pytest.skip(reason)


_host: dict = {}


def sandbox_host() -> dict:
    """What the grading sandbox can enforce on this machine (probed once)."""
    if not _host:
        from checkers.sandbox.isolation import probe_host

        try:
            _host.update(probe_host([str(REPO)]))
        except OSError as exc:
            _host.update(confined=False, error=str(exc))
    return _host


def pytest_runtest_setup(item):
    if item.get_closest_marker("sandbox") is None:
        return
    from checkers.sandbox import allow_unconfined

    report = sandbox_host()
    if not report.get("confined") and not allow_unconfined():
        missing = ", ".join(report.get("missing", [])) or report.get("error", "unknown")
        unavailable(f"this machine cannot confine learner code, so grading is switched off "
                    f"(missing: {missing})")


# ---------------------------------------------------------------- ports and servers
def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(name="free_port")
def _free_port_fixture():
    """The :func:`free_port` helper, for test modules (which cannot import conftest reliably)."""
    return free_port


def _health(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.read().decode("utf-8", "replace").strip()
    except (urllib.error.URLError, OSError, ValueError):
        return None


class StreamlitServer:
    """One ``streamlit run`` subprocess; its output goes to ``log_path``."""

    def __init__(self, script: str | os.PathLike, cwd: str | os.PathLike,
                 env: dict[str, str] | None, port: int, log_path: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        full_env = dict(os.environ)
        full_env.update(env or {})
        command = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.headless", "true",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            command, cwd=str(cwd), env=full_env, stdin=subprocess.DEVNULL,
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "<no log>"

    def wait_healthy(self, timeout: float = SERVER_START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        health = f"{self.url}/_stcore/health"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {self.process.returncode} "
                                   f"before becoming healthy; its log:\n{self.log()}")
            if _health(health) == "ok":
                return
            time.sleep(0.1)
        raise RuntimeError(f"streamlit did not answer 'ok' on {health} within {timeout:g} s; "
                           f"its log:\n{self.log()}")

    def stop(self) -> None:
        """Kill the server (its whole process group: it was started in a new session)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=5)
        self._log.close()


@pytest.fixture
def streamlit_server(tmp_path_factory):
    """Factory: ``streamlit_server(script, cwd=None, env=None, timeout=30) -> base URL``.

    ``script`` is passed to ``streamlit run`` as given (relative paths resolve against
    ``cwd``, which defaults to the script's folder). ``env`` is added to this process's
    environment. The call returns once ``/_stcore/health`` answers ``ok``; otherwise it raises
    with the server's log. All servers started by the test are killed at teardown. The
    ``StreamlitServer`` objects are available as ``streamlit_server.servers``.
    """
    servers: list[StreamlitServer] = []

    def start(script: str | os.PathLike, cwd: str | os.PathLike | None = None,
              env: dict[str, str] | None = None,
              timeout: float = SERVER_START_TIMEOUT) -> str:
        if cwd is None:
            cwd = Path(script).resolve().parent
        log_path = tmp_path_factory.mktemp("streamlit-log") / "server.log"
        last_error: Exception | None = None
        for _attempt in range(3):  # another process may grab the port between probe and bind
            server = StreamlitServer(script, cwd, env, free_port(), log_path)
            servers.append(server)
            try:
                server.wait_healthy(timeout)
                return server.url
            except RuntimeError as exc:
                server.stop()
                last_error = exc
                if "already in use" not in server.log():
                    break
        pytest.fail(str(last_error), pytrace=False)

    start.servers = servers
    yield start
    for server in servers:
        server.stop()


# ---------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (Playwright sync API)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        unavailable(f"browser tests need Chromium, and {CHROMIUM} is missing"
                    + (f" (there is one at {found}; set SPEEDLIT_CHROMIUM)" if found else "")
                    + "; install Debian's `chromium` package to run them")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh context (no shared cookies/storage) and page, viewport 1280x900."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def wait_for_app(page, timeout: float = 15_000, settle: float = 200) -> None:
    """Wait until the Streamlit app is idle after navigation or an interaction.

    Waits for ``stApp`` to report ``data-test-script-state='notRunning'``, then a short
    ``settle`` so the last deltas are painted (both in milliseconds, as in Playwright). Right after an interaction the state
    may not have flipped to ``running`` yet; callers that need certainty that *their* rerun
    finished should also wait on something that rerun changes (see the fragment test).
    """
    page.wait_for_selector(APP_IDLE_SELECTOR, state="attached", timeout=timeout)
    if settle:
        page.wait_for_timeout(settle)


@pytest.fixture(name="wait_for_app")
def _wait_for_app_fixture():
    """The :func:`wait_for_app` helper: ``wait_for_app(page)`` in a test that requests it."""
    return wait_for_app


# ---------------------------------------------------------------- databases
# The course's store on SQLite and on a throwaway PostgreSQL (tests/databases.py), for every
# test module that takes ``store`` or ``url``.
@pytest.fixture(scope="session")
def postgres():
    from tests.databases import Postgres, unavailable
    server = Postgres()
    if not server.start():
        unavailable(f"PostgreSQL tests cannot run: {server.reason}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.sqlite'}"
    return request.getfixturevalue("postgres").url()


@pytest.fixture
def store(url):
    import sqlalchemy as sa

    from course.store import Store
    made = Store(sa.create_engine(url, pool_size=50, max_overflow=10)
                 if url.startswith("postgresql") else sa.create_engine(url))
    made.upgrade()
    yield made
    made.engine.dispose()
