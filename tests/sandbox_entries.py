"""Trusted entry points for tests/test_sandbox.py (run inside the sandbox's forked child).

``exec_source`` runs ``payload["source"]`` as a plain script named ``app.py`` and lets any
exception escape, so the sandbox's own classification is what the tests see; a script that
sets ``ERROR`` makes it return ``{"error": ERROR}``, as the real harness does.
``apptest_source`` runs it through Streamlit's AppTest, proving Streamlit works under the guard.
"""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

WARM_UP_APP = """
import streamlit as st, pandas as pd, numpy as np
@st.cache_data
def load(n):
    return pd.DataFrame({"x": np.arange(n), "y": np.arange(n) * 2.0})
@st.cache_resource
def model():
    return {"w": 2}
df = load(5)
st.dataframe(df)
st.line_chart(df, x="x", y="y")
with st.spinner("wait"):
    st.progress(50, text="half")
@st.fragment
def part():
    st.selectbox("metric", ["x", "y"], key="metric")
part()
"""


def warm_up() -> None:
    """Run a small app once so Streamlit's lazy imports happen in the zygote."""
    AppTest.from_string(WARM_UP_APP).run(timeout=30)


def exec_source(payload: dict) -> dict:
    """Exec the source as ``app.py``; its ``RESULT`` (or ``ERROR``) becomes the job's answer."""
    scope = {"__name__": "__main__", "__file__": "app.py"}
    exec(compile(payload["source"], "app.py", "exec"), scope)
    if "ERROR" in scope:
        return {"error": scope["ERROR"]}
    return {"ok": True, "result": scope.get("RESULT")}


def apptest_source(payload: dict) -> dict:
    """Run the source with AppTest, once per entry of ``payload["runs"]`` (default one run)."""
    at = AppTest.from_string(payload["source"], default_timeout=payload.get("timeout", 30))
    runs = []
    for step in payload.get("runs", [{}]):
        if "select" in step:
            key, value = step["select"]
            at.selectbox(key=key).set_value(value)
        at.run()
        runs.append({
            "exceptions": [e.message for e in at.exception],
            "markdown": [m.value for m in at.markdown],
            "errors": [e.value for e in at.error],
        })
    return {"ok": True, "runs": runs}
