"""Malformed message: a ForwardMsg frame whose body is not a protobuf.

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
send(wire.FORWARD, wire.tabbed(0, b"\xff" * 64))
time.sleep(2)
