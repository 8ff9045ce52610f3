"""A learner's app, live, in a real browser: ``streamlit run streamlit_app.py`` driven by
Chromium.

The learner opens an exercise and presses Run: their app appears in the page as a real
Streamlit app (Streamlit's own frontend in an iframe at ``/live/<token>/``, talking over its
WebSocket to the app in the grading sandbox). They click a widget in it and the numbers beside
it change — a script run more, the slow step's call counted, the wait felt. A full rerun of the
course page leaves the live app as it was. They fix the code and press Run again: the new app
replaces the old, and clicking it no longer calls the slow step. They leave the page: the
sandboxed app process is gone (``/live/status`` and ``/proc``).
"""
from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.databases import new_profile
from tests.test_exercise_browser import editor_text, insert_decorator, wait_for_draft

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.sandbox]

REPO = Path(__file__).resolve().parent.parent
EXERCISE = "cache-data-load"
LIVE_FRAME = "iframe[title='Your app, live']"
EDITOR_FRAME = "iframe[title='code_editor.code_editor']"
START_TIMEOUT = 90_000  # ms: the first Run on a new server also starts the sandbox's workers
UI_TIMEOUT = 20_000
ROWS = {"script_runs": "script runs", "read_sales": "read_sales()"}
SHOTS = Path(os.environ.get("SPEEDLIT_SCREENSHOTS", "/tmp/speedlit-screenshots"))


@pytest.fixture
def app(streamlit_server, tmp_path):
    db = tmp_path / "p.sqlite"
    url = streamlit_server("streamlit_app.py", cwd=REPO, env={
        "SPEEDLIT_PROGRESS_URL": f"sqlite:///{db}", "SPEEDLIT_LIVE_LEAVE_SECONDS": "2"})
    return url, db


def status(base_url: str) -> dict:
    with urllib.request.urlopen(f"{base_url}/live/status", timeout=5) as response:
        return json.load(response)


def numbers(page) -> dict[str, str]:
    """The "You, live" column of the numbers beside the live app, by row."""
    table = page.locator("table", has_text="You, live")
    rows = {}
    for row in table.locator("tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        rows[cells[0]] = cells[1]
    return rows


def expect_numbers(page, timeout: float = UI_TIMEOUT, **wanted: str) -> dict:
    deadline = time.monotonic() + timeout / 1000
    seen = {}
    while time.monotonic() < deadline:
        try:
            seen = numbers(page)
        except Exception:  # the fragment redrew the table meanwhile
            seen = {}
        if all(seen.get(ROWS.get(k, k)) == v for k, v in wanted.items()):
            return seen
        time.sleep(0.2)
    raise AssertionError(f"the live numbers never showed {wanted}; last seen {seen}")


def settled(page, actions: int) -> dict:
    """The live numbers once the learner's ``actions`` have all finished running."""
    caption = page.locator("[data-testid='stCaptionContainer']", has_text="You, live:")
    expect(caption).to_contain_text(f"your {actions} action(s)", timeout=UI_TIMEOUT)
    expect(caption).to_contain_text("waiting for your click", timeout=UI_TIMEOUT)
    return numbers(page)


def live_app_idle(frame) -> None:
    frame.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=UI_TIMEOUT)


def pick_region(frame, region: str) -> None:
    frame.locator("[data-testid='stSelectbox']").click()
    frame.get_by_role("option", name=region).click()
    expect(frame.get_by_role("combobox", name="Region")).to_have_value(region)


def test_run_opens_the_app_live_clicks_count_and_leaving_stops_it(page, app, wait_for_app):
    base_url, db = app
    learner, code = new_profile(f"sqlite:///{db}", "Lin")
    page.goto(f"{base_url}/exercise-{EXERCISE}?me={code}")
    wait_for_app(page)
    page.frame_locator(EDITOR_FRAME).locator("#REACT_ACE_EDITOR .ace_content").wait_for()
    assert status(base_url)["running"] == 0

    page.locator(f".st-key-run-{EXERCISE} button").click()  # the starter, live
    frame = page.frame_locator(LIVE_FRAME)
    expect(frame.get_by_text("Sales explorer")).to_be_visible(timeout=START_TIMEOUT)
    live_app_idle(frame)
    src = page.locator(LIVE_FRAME).get_attribute("src")
    assert re.fullmatch(r"/live/[A-Za-z0-9_-]{32,}/\?embed=true", src), src
    with urllib.request.urlopen(base_url + src, timeout=5) as response:  # its own origin
        assert response.headers["Content-Security-Policy"].startswith("sandbox ")
    inside = page.frame(url=re.compile(r"/live/"))
    assert inside.evaluate("() => window.origin") == "null"  # not the course's origin
    assert inside.evaluate("() => { try { return parent.document.title } "
                           "catch (e) { return 'blocked' } }") == "blocked"
    expect_numbers(page, script_runs="1", read_sales="1×")
    running = status(base_url)
    assert running["running"] == 1
    (pid,) = running["pids"]
    assert os.path.exists(f"/proc/{pid}") and pid != os.getpid()

    revenue = frame.get_by_test_id("stMetricValue")
    east = revenue.inner_text()
    pick_region(frame, "North")  # a click in the learner's own app
    expect_numbers(page, script_runs="2", read_sales="2×")
    seen = settled(page, actions=2)
    assert float(seen["last run"].split()[0]) >= 1.4, seen  # the slow step, felt
    expect(revenue).not_to_have_text(east)  # the app redrew its page for North
    # the grader's clicks on the starter, beside it: the same slow step on every run
    table = page.locator("table", has_text="You, live")
    expect(table).to_contain_text("Grader, starter")
    expect(page.get_by_text("What the grader's clicks cost")).to_be_visible()

    # A full rerun of the course page leaves the live app as it was (no reload, no new run).
    toggle = page.get_by_text("Workshop mode", exact=True)
    toggle.click()
    wait_for_app(page)
    toggle.click()
    wait_for_app(page)
    time.sleep(1.5)
    assert numbers(page)["script runs"] == "2"
    expect(frame.get_by_role("combobox", name="Region")).to_have_value("North")

    # The fix, typed, and Run again: the new app replaces the old one and a click no longer
    # calls the slow step (the fast "after" of their own code).
    editor = page.frame_locator(EDITOR_FRAME)
    fixed = insert_decorator(page, editor, editor_text(editor))
    wait_for_draft(db, learner, fixed)
    page.locator(f".st-key-run-{EXERCISE} button").click()
    expect(page.locator(LIVE_FRAME)).not_to_have_attribute("src", src, timeout=START_TIMEOUT)
    frame = page.frame_locator(LIVE_FRAME)
    expect(frame.get_by_text("Sales explorer")).to_be_visible(timeout=START_TIMEOUT)
    live_app_idle(frame)
    expect_numbers(page, script_runs="1", read_sales="1×")
    pick_region(frame, "South")
    expect_numbers(page, script_runs="2", read_sales="1×")
    seen = settled(page, actions=2)
    assert float(seen["last run"].split()[0]) < 1.0, seen
    replaced = pid
    (pid,) = status(base_url)["pids"]
    assert pid != replaced and not os.path.exists(f"/proc/{replaced}")
    src = page.locator(LIVE_FRAME).get_attribute("src")

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(LIVE_FRAME).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "exercise-live-app.png"))

    # The learner leaves the exercise: its live app stops, its sandbox process is gone.
    page.get_by_role("link", name="Course map").first.click()
    wait_for_app(page)
    deadline = time.monotonic() + 20
    while status(base_url)["running"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status(base_url) == {"running": 0, "pids": []}
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{pid}"), "the live app's process outlived the page"
    try:
        urllib.request.urlopen(base_url + src, timeout=5)
        raise AssertionError("a stopped live app's page still answers")
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
