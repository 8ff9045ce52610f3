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
    """Run an app's source through steps in the sandbox under the judge; return the
    observation (the run must not fail)."""

    def run(source: str, scenario: list[dict], variant: int = 0) -> dict:
        outcome = grader.run_app(textwrap.dedent(source), scenario, variant=variant)
        assert outcome.error is None, outcome.error
        return outcome.value

    return run


def pytest_collection_modifyitems(items):
    """Every claim test runs apps in the grading sandbox (or a real server)."""
    for item in items:
        if "tests/claims/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.sandbox)
