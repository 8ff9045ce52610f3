"""Warm a zygote up on a synthetic app, so forked jobs start with everything imported.

The first run of a Streamlit app imports element modules lazily, builds chart specs, converts
its first DataFrame to Arrow and more (~1 s); a job forked after this pays none of it. The app
and its data are made up here: the zygote's memory, which every job inherits, never holds a
solution, a check, course content or anyone's submission. A few lines of a driver stand in
for the judge (no judge code is imported either).
"""
from __future__ import annotations

import json
import os
import pickle
import socket
import tempfile
import threading

from checkers import wire

APP = '''
import streamlit as st, pandas as pd, numpy as np, speedlit

@st.cache_data(ttl=60, max_entries=4)
def load(n):
    return speedlit.read_sales().head(n)

@st.cache_resource
def model():
    return {"w": 2}

st.title("warm up")
st.session_state.setdefault("n", 0)
df = load(5)
st.dataframe(df, hide_index=True)
st.line_chart(df, x="x", y="y")
st.bar_chart(df, x="x", y="y")
st.metric("rows", len(df), 1)
st.caption("caption")
st.json({"a": 1})
with st.spinner("wait"):
    st.progress(50, text="half")
tab1, tab2 = st.tabs(["a", "b"], on_change="rerun")
tab1.write("a")
with st.expander("more"):
    st.table(df.head(2))
with st.form("f"):
    st.text_input("name")
    st.multiselect("pick", ["a", "b"], ["a"])
    st.form_submit_button("go")
col1, col2 = st.columns(2)
col1.success("ok")
col2.warning("hm")

@st.fragment(run_every=1)
def part():
    choice = st.selectbox("metric", ["x", "y"], key="metric")
    st.write(choice, model()["w"])
    if st.button("again"):
        st.rerun(scope="fragment")
part()
st.slider("rows", 1, 10, 3)
st.number_input("k", 0, 5, 1)
st.checkbox("c")
st.toggle("t")
st.radio("r", ["a", "b"])
try:
    1 / 0
except ZeroDivisionError as exc:
    st.exception(exc)
'''


def _data():
    import numpy as np
    import pandas as pd

    return pd.DataFrame({"x": np.arange(8), "y": np.arange(8) * 2.0,
                         "when": pd.date_range("2026-01-01", periods=8)})


def _drive(fd: int) -> None:
    """A minimal judge: send the job, three runs (the last one a fragment's), answer calls."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    wire.send_all(fd, wire.frame(wire.JOB, json.dumps({"script": APP}).encode()))
    fragment, runs = "", 0

    def rerun(fragment_id: str = "") -> None:
        msg = BackMsg()
        msg.rerun_script.fragment_id = fragment_id
        wire.send_all(fd, wire.frame(wire.BACK, wire.tabbed(0, msg.SerializeToString())))

    finished = False
    while True:
        got = wire.read_frame(fd)
        if got is None:
            return
        kind, body = got
        if kind == wire.HELLO:
            rerun()
        elif kind == wire.CALL:
            ident = json.loads(body)["id"]
            wire.send_all(fd, wire.frame(wire.ANSWER, json.dumps({"id": ident, "ok": True})
                                         .encode() + b"\n" + pickle.dumps(_data())))
        elif kind == wire.FORWARD:
            msg = ForwardMsg.FromString(wire.untab(body)[1])
            which = msg.WhichOneof("type")
            if which == "delta" and msg.delta.fragment_id:
                fragment = msg.delta.fragment_id
            elif which == "script_finished":
                finished = msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            elif which == "session_status_changed" and finished and \
                    not msg.session_status_changed.script_is_running:
                finished, runs = False, runs + 1
                if runs == 3:
                    return
                rerun(fragment if runs == 2 else "")


def warm_up() -> None:
    """Run the synthetic app three times through the real app host, then tidy up."""
    import linecache

    import streamlit as st

    from checkers import internals
    from checkers.appside import host

    home = os.getcwd()
    judge_end, app_end = socket.socketpair()
    driver = threading.Thread(target=_drive, args=(judge_end.fileno(),), daemon=True)
    with tempfile.TemporaryDirectory(prefix="speedlit-warm-") as folder:
        os.chdir(folder)
        try:
            driver.start()
            # The host returns when the channel closes: close it once the driver is done.
            closer = threading.Thread(target=lambda: (driver.join(), judge_end.shutdown(
                socket.SHUT_RDWR)), daemon=True)
            closer.start()
            host.serve(app_end.fileno())
            closer.join()
        finally:
            os.chdir(home)
            judge_end.close()
            app_end.close()
    st.cache_data.clear()
    st.cache_resource.clear()
    internals.forget_runtime()
    linecache.clearcache()
