"""Helpers for claim tests: read what an observed step showed, and a real server's call log."""
from collections import Counter
from pathlib import Path

from checkers.display import flatten


def shown(step: dict) -> list[dict]:
    """The elements the app showed after a step, top to bottom (containers dropped)."""
    return flatten(step["display"])


def texts(step: dict) -> list[str]:
    """The text values the app showed after a step, top to bottom."""
    return [e["value"] for e in shown(step) if isinstance(e.get("value"), str)]


def clean(value: dict) -> None:
    """Every step could be performed and the app raised nothing."""
    for step in value["steps"]:
        assert step["problem"] is None, step["problem"]
        assert step["exceptions"] == [], step["exceptions"]


def call_log(log: Path) -> Counter:
    """Calls of ``speedlit.slow`` a real server wrote to ``SPEEDLIT_CALL_LOG``, by name."""
    if not log.exists():
        return Counter()
    return Counter(line for line in log.read_text(encoding="utf-8").splitlines() if line)


def call_count(log: Path) -> int:
    return sum(call_log(log).values())
