"""Attack (an exception inside the judge): a forged chart whose Vega-Lite spec is 100,000 nested
JSON arrays. The judge's snapshot ``json.loads`` it and catches only ValueError: RecursionError
escapes.

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


def chart(e):
    e.vega_lite_chart.spec = "[" * 100_000 + "]" * 100_000


element(chart)
