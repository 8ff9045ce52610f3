"""Attack (an exception inside the judge): a course-service call frame ("C") whose ``tab`` is a
JSON list. The judge looks the tab up in a dict (``self.tabs.get([0])``): TypeError, outside
its Stop/WireError handling.

Must happen: its own ``forbidden`` error (the app sent the grader something that is not a valid message), never "The grader failed on this file; this is not your fault"; the grader keeps working.
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


send(wire.CALL, json.dumps({"id": 7, "name": "slow", "args": ["x", 0.0], "tab": [0]}).encode())
st.title("Sales explorer")
