"""Helpers for claim tests: read what an observed step showed, and a real server's call log.

The judge sees only what a browser sees, so a test that needs an app's session state has
the app show it: ``st.caption(f"state: {st.session_state.to_dict()}")`` (``SHOW_STATE``)
and reads it back with ``state(step)``.
"""
import ast
import os
from collections import Counter
from pathlib import Path

from checkers.display import flatten

REPO = Path(__file__).resolve().parents[2]
LEARNER_ENV = REPO / "checkers" / "learner_env"
#: PYTHONPATH for a real ``streamlit run`` of an app that imports speedlit: the learner
#: environment, plus the repository (speedlit's in-process back end answers from
#: ``checkers.services``).
SPEEDLIT_PATH = os.pathsep.join([str(LEARNER_ENV), str(REPO)])
#: A line an app adds to show its session state (read with ``state``).
SHOW_STATE = '\nst.caption(f"state: {st.session_state.to_dict()!r}")\n'


def shown(step: dict) -> list[dict]:
    """The elements the app showed after a step, top to bottom (containers dropped)."""
    return flatten(step["display"])


def texts(step: dict) -> list[str]:
    """The text values the app showed after a step, top to bottom."""
    return [e["value"] for e in shown(step) if isinstance(e.get("value"), str)]


def state(step: dict, label: str = "state") -> dict:
    """The session state an app showed with ``st.caption(f"{label}: {...!r}")`` (the last
    such line on the page)."""
    prefix = f"{label}: "
    found = [t for t in texts(step) if t.startswith(prefix)]
    assert found, f"the page shows no {prefix!r} line: {texts(step)}"
    return ast.literal_eval(found[-1][len(prefix):])


def clean(value: dict) -> None:
    """Every step could be performed and the app raised nothing."""
    for step in value["steps"]:
        assert step["problem"] is None, step["problem"]
        assert step["exceptions"] == [], step["exceptions"]


def call_log(log: Path) -> Counter:
    """Calls of speedlit's services (by counted name: a service's name, or the name given
    to ``speedlit.slow``) a real server wrote to ``SPEEDLIT_CALL_LOG``."""
    if not log.exists():
        return Counter()
    return Counter(line for line in log.read_text(encoding="utf-8").splitlines() if line)


def call_count(log: Path) -> int:
    return sum(call_log(log).values())
