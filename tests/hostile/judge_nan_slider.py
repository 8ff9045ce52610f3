"""Attack (an exception inside the judge): a forged ``select_slider`` element whose default is
NaN. When it mounts, the judge's browser model computes ``options[int(nan)]``: ValueError.

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


def slider(e):
    e.slider.id, e.slider.label = "forged-slider", "Region"
    e.slider.options[:] = ["North", "South"]
    e.slider.default[:] = [float("nan")]


element(slider)
