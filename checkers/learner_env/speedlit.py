"""Instrumented stand-ins for slow work, imported by lesson and exercise code as ``speedlit``.

Real apps are slow because of data loads, model builds and remote calls. Lessons and exercises
mark such a step with ``speedlit.slow("name", seconds)``: in a lesson it really waits, so the
learner feels the cost; under grading it waits zero seconds and is *counted*, so checkers judge
how often the step ran instead of how long the run took.

Counting goes through ``sys.audit("speedlit.slow", name)``: an audit hook installed by the
grading harness sees every call, and no code in the process can remove that hook. When the
environment variable ``SPEEDLIT_CALL_LOG`` names a file, each call is also appended to it,
which lets tests count calls made inside a real ``streamlit run`` server.
"""
from __future__ import annotations

import os
import sys
import time
from collections import Counter

#: Multiplies every latency. The grading harness sets it to 0.
LATENCY_SCALE = float(os.environ.get("SPEEDLIT_LATENCY_SCALE", "1"))

#: Calls made in this process, by name. Handy for a lesson's own display; never used to grade.
calls: Counter[str] = Counter()

_CALL_LOG = os.environ.get("SPEEDLIT_CALL_LOG")
_audit = sys.audit
_by_session: dict[str, Counter[str]] = {}  # newest last; bounded by MAX_SESSIONS
MAX_SESSIONS = 1000


def slow(name: str, seconds: float = 1.0) -> None:
    """Mark one run of the expensive step ``name``, waiting ``seconds`` (scaled)."""
    name = str(name)
    _audit("speedlit.slow", name, float(seconds))
    calls[name] += 1
    session = _session_id()
    if session:
        counts = _by_session.pop(session, None) or Counter()
        counts[name] += 1
        _by_session[session] = counts
        if len(_by_session) > MAX_SESSIONS:
            del _by_session[next(iter(_by_session))]
    if _CALL_LOG:
        with open(_CALL_LOG, "a", encoding="utf-8") as log:
            log.write(name + "\n")
    if seconds > 0 and LATENCY_SCALE > 0:
        time.sleep(seconds * LATENCY_SCALE)


def count(name: str) -> int:
    """How many times ``slow(name)`` ran in this process (for lesson displays)."""
    return calls[str(name)]


def session_count(name: str) -> int:
    """How many times ``slow(name)`` ran in the current Streamlit session (a browser tab)."""
    return _by_session.get(_session_id() or "", Counter())[str(name)]


def _session_id() -> str | None:
    """The running Streamlit session's id, if this call happens inside a Streamlit run."""
    context = sys.modules.get("streamlit.runtime.scriptrunner_utils.script_run_context")
    if context is None:
        return None
    ctx = context.get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx else None
