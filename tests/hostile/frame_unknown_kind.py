"""Malformed message: a frame of a kind the judge never accepts from an app ("A", an answer).

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
send(b"A", b'{"id": 1, "ok": true}\n')
time.sleep(2)
