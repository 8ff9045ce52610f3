"""Attack on the grader's memory: 100 forged dataframe elements of 11 MB each (the same Arrow
bytes, built once), written straight into the channel in about a second. The judge parses
each one and keeps it on its page; the app itself stays far below its own memory limit.

Must happen: the grader's own process does not grow by hundreds of MB because of one file;
the job ends within its limits.
"""
import json
import os
import stat
import time

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import speedlit
from checkers import wire  # the app host's own frame helpers: already loaded, no import event
from _forge import channel, element, forward, send  # inlined by tests/test_hostile.py


import numpy as np
import pandas as pd
import pyarrow as pa

sink = pa.BufferOutputStream()
table = pa.Table.from_pandas(pd.DataFrame({"a": np.arange(1_500_000, dtype=np.int64)}))
with pa.ipc.new_stream(sink, table.schema) as writer:
    writer.write_table(table)
arrow = sink.getvalue().to_pybytes()
time.sleep(0.3)
for i in range(100):
    msg = ForwardMsg()
    msg.metadata.delta_path[:] = [0, i]
    msg.delta.new_element.dataframe.arrow_data.data = arrow
    forward(msg)
st.title("Sales explorer")
