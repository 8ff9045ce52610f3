"""Entry point: `streamlit run streamlit_app.py`.

Streamlit runs this file as the course's script (``__main__``): it builds the navigation from
the course manifest and runs the chosen page; demo pages (a lesson's before/after app,
embedded in the lesson page) get a line on top with their last rerun time and how often their
expensive step ran. Before that, `streamlit run` imports the file as a module, finds ``app``
(``st.App``) and serves the course with the routes of the learners' live apps beside it
(``course/live_routes.py``)."""
import sys
import time
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "checkers" / "learner_env"))


def course() -> None:
    from course import chrome, grading_service, nav

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
        chrome.demo_run_started()
        page.run()
        chrome.demo_stats(stats, page.url_path, time.perf_counter() - started)
    else:
        grading_service.service()  # starts the sandbox workers warming up before anyone presses Check
        chrome.sidebar()
        page.run()


if __name__ == "__main__":
    course()
else:
    from course import live_routes

    app = st.App(__file__, routes=live_routes.routes())
