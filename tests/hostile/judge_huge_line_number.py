"""Attack (an exception inside the judge): a forged exception element whose stack trace says
``File "app.py", line 999...9`` (5,000 digits). The judge's ``int()`` of it exceeds Python's
integer-string limit: ValueError, uncaught.

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


def error(e):
    e.exception.type, e.exception.message = "ValueError", "boom"
    e.exception.stack_trace[:] = ['File "app.py", line ' + "9" * 5000 + ", in <module>"]


element(error)
