"""Malformed message: a frame header announcing a 1 GB ForwardMsg.

Must happen: ``forbidden`` (the frame exceeds the judge's cap) at once, no 1 GB buffered.
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
with speedlit._backend.write_lock:
    wire.send_all(channel(), wire.HEADER.pack(wire.FORWARD, 1 << 30) + b"\0" * 1024)
time.sleep(2)
