"""Attack on the grader's time: the app host stops reading the channel (its reader thread is
parked by replacing ``wire.read_frame``), then the app asks for ``read_sales`` 2,000 times
without waiting. The judge answers each call with a ~100 KB pickle; once the socket buffer is
full its blocking ``send`` never returns, and the judge's own deadline is never checked.

Must happen: the grading ends near its wall limit with ``timeout``.
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


import threading

wire.read_frame = lambda fd: threading.Event().wait()  # the app host stops listening
st.title("Sales explorer")
for i in range(2000):
    send(wire.CALL, json.dumps({"id": 10**6 + i, "name": "read_sales", "args": [], "tab": 0}).encode())
threading.Event().wait()
