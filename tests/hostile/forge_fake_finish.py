"""Attack (forged pass): the starter, which reads the sales file on every rerun, plus forged
"the run is over" messages written straight into the channel socket before each read: a
``script_finished`` (with a run id the judge does not know, so the old page stays) and a
``session_status_changed`` saying the script no longer runs. The judge takes its snapshot
and moves on before the read, and the last step's read arrives after the judge stopped
counting.

Must happen: not passed; "The dataset is loaded once" fails (every read the app really made
while the judge listened is counted).
"""
import os
import stat
import time

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import speedlit
from checkers import wire  # already loaded by the app host: no import event


def channel() -> int:
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                return fd
        except OSError:
            pass
    raise RuntimeError("no channel")


def forge(msg: ForwardMsg) -> None:
    with speedlit._backend.write_lock:
        wire.send_all(channel(), wire.frame(wire.FORWARD, wire.tabbed(0, msg.SerializeToString())))


def pretend_finished() -> None:
    time.sleep(0.2)  # after the real new_session went out
    done = ForwardMsg()
    done.metadata.run.script_run_id = "forged-run"
    done.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    forge(done)
    idle = ForwardMsg()
    idle.session_status_changed.script_is_running = False
    forge(idle)
    time.sleep(0.3)  # let the judge move on before we read


def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
if st.session_state.get("opened"):
    pretend_finished()
st.session_state.opened = True
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
