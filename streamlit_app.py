"""Entry point: `streamlit run streamlit_app.py`. Builds the navigation from the course manifest
and runs the chosen page; demo pages (a lesson's before/after app, embedded in the lesson page)
get a line on top with their last rerun time and how often their expensive step ran."""
import sys
import time
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "checkers" / "learner_env"))

from course import chrome, grading_service, nav  # noqa: E402

# An emoji favicon is drawn by the browser itself; a material one is fetched from Google,
# which a workshop room without internet cannot reach.
st.set_page_config(page_title="Speedlit", page_icon="⚡", layout="wide")
embedded = st.query_params.get("demo") == "1"  # a demo app inside a lesson page: no menu
pages = nav.build(learner=not embedded)  # a demo is nobody's profile: no ticks, no guest
page = st.navigation(nav.sections(pages), position="hidden" if embedded else "sidebar",
                     expanded=True)
if page.url_path.startswith("demo-"):
    stats = st.container()
    started = time.perf_counter()
    page.run()
    chrome.demo_stats(stats, page.url_path, time.perf_counter() - started)
else:
    grading_service.service()  # starts the sandbox workers warming up before anyone presses Check
    chrome.sidebar()
    page.run()
