"""Attack (an exception inside the judge): a "BackMsg dropped" frame ("D") whose ``tab`` is a
JSON list: ``self.tabs.get([0])`` raises TypeError in the judge.

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


send(wire.DROPPED, json.dumps({"tab": [0], "fragment": "x"}).encode())
st.title("Sales explorer")
