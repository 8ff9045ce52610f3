"""Malformed message: a call frame whose JSON nests 30,000 arrays (60 KB: under the size cap).

Must happen: ``forbidden``.
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
send(wire.CALL, b'{"id": 1, "name": "slow", "args": ' + b"[" * 30_000 + b"]" * 30_000 + b"}")
time.sleep(2)
