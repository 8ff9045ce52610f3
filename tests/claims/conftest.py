"""Fixtures for claim tests: one sandboxed grader (a warm worker pool) shared by the session."""
import textwrap

import pytest

from checkers.grading import Grader


@pytest.fixture(scope="session")
def grader():
    with Grader(workers=2) as g:
        yield g


@pytest.fixture
def run_app(grader):
    """Run an app's source through steps in the sandbox; return the observation (no error)."""

    def run(source: str, scenario: list[dict], files: dict[str, bytes] | None = None) -> dict:
        outcome = grader.run_app(textwrap.dedent(source), scenario, files)
        assert outcome.error is None, outcome.error
        return outcome.value

    return run
