"""Attack (blame the grader): the app sends the frame the app host uses for its *own* failures
("P"). The judge answers "The grader's app host failed while running your app; this is not
your fault. Please try again." — a learner-forged excuse that may earn a manual regrade.

Must happen: the learner's own error (``forbidden`` or ``crash`` without "not your fault").
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


st.title("Sales explorer")
send(b"P", b"{}")  # the kind the host once used for its own failures
time.sleep(1)
