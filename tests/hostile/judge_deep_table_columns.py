"""Attack (an exception inside the judge): a forged dataframe whose column configuration is
100,000 nested JSON arrays; the snapshot's ``json.loads(body.columns)`` raises RecursionError,
which it does not catch.

Must happen: its own ``forbidden`` error (the app sent the grader something that is not a valid message), never "The grader failed on this file; this is not your fault".
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


import pandas as pd
import pyarrow as pa

sink = pa.BufferOutputStream()
table = pa.Table.from_pandas(pd.DataFrame({"a": [1]}))
with pa.ipc.new_stream(sink, table.schema) as writer:
    writer.write_table(table)


def frame(e):
    e.dataframe.arrow_data.data = sink.getvalue().to_pybytes()
    e.dataframe.columns = "[" * 100_000 + "]" * 100_000


element(frame)
