"""Attack (an exception inside the judge): a forged whole-number ``number_input`` whose default is
1.5. Mounting it, the judge's browser model raises its own ``Refused`` (a ValueError) outside
any action, so nothing catches it.

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


from streamlit.proto.NumberInput_pb2 import NumberInput


def number(e):
    e.number_input.id, e.number_input.label = "forged-number", "Rows to show"
    e.number_input.data_type = NumberInput.INT
    e.number_input.default = 1.5


element(number)
