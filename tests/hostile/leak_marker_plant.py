"""Attack, part 1 of 2 (another learner's code and data): this file plays the earlier
learner. Its source holds a marker (``MARKER``, replaced by the test with a fresh random
token ``zz-<16 hex digits>``) and it leaves that marker everywhere it can: files in /tmp, in its working folder and
in $HOME, big files to fill the disk, the ``sys`` and ``builtins`` modules, Streamlit's
``st.cache_resource``/``st.cache_data`` stores, a thread that keeps running, an environment
variable. ``leak_marker_hunt.py`` then looks for it from later gradings on the same workers.

Must happen: nothing of this grading survives into a later one.
"""
import builtins
import os
import sys
import threading
import time

import streamlit as st

MARKER = "__MARKER__"

for folder in ("/tmp", ".", os.environ.get("HOME", "/tmp"), os.environ.get("TMPDIR", "/tmp")):
    try:
        with open(os.path.join(folder, f"marker-{MARKER}.txt"), "w") as handle:
            handle.write(MARKER)
    except OSError as exc:
        print(f"could not write in {folder}: {exc}", flush=True)
try:
    with open("/tmp/filler.bin", "wb") as handle:
        for _ in range(64):
            handle.write(b"\0" * (1 << 20))
except OSError as exc:
    print(f"disk: {exc}", flush=True)
sys.speedlit_marker = MARKER
builtins.speedlit_marker = MARKER
os.environ["SPEEDLIT_MARKER"] = MARKER


@st.cache_resource
def kept():
    return {"marker": MARKER}


@st.cache_data
def also_kept():
    return MARKER


kept(), also_kept()


def linger():
    while True:
        time.sleep(0.05)


threading.Thread(target=linger, name=f"marker-{MARKER}", daemon=False).start()
st.title("Sales explorer")
st.write(MARKER)
