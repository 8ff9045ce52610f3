"""The exercise page in a real browser: ``streamlit run streamlit_app.py`` driven by Chromium.

A learner opens ``/exercise-cache-data-load``, types the fix into the Ace editor (the
``streamlit-code-editor`` component, in its own iframe) with the keyboard, and grades it with the
page's Check button or with Ctrl+Enter in the editor; opens a hint; reveals the solution. Then
ten learners press Check within the same second and all get their result (the grading service
runs them on its small sandbox pool, first come first served); the slowest wait is reported.

Every server gets its own SQLite progress database (``SPEEDLIT_PROGRESS_URL``). A typed edit
reaches the server as the editor's debounced ``change`` event; tests wait until the draft is in
that database before pressing the page's Check button, which grades the last draft the server
received (Ctrl+Enter carries the editor's text itself).
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from checkers import course
from tests.databases import new_profile

pytestmark = [pytest.mark.browser, pytest.mark.server]

REPO = Path(__file__).resolve().parent.parent
EXERCISE = "cache-data-load"
DECORATOR = "@st.cache_data"
LOADER = "def load_sales():"
EDITOR_FRAME = "iframe[title='code_editor.code_editor']"
GRADE_TIMEOUT = 90_000  # ms: the first grading on a new server also runs the reference solution
UI_TIMEOUT = 20_000  # ms: a rerun's result on a busy machine (expect's own default is 5 s)
LEARNERS = 10
FIRE_CLICK = """([selector, at]) => {
    const button = document.querySelector(selector);
    button.addEventListener("click", () => { window.__speedlitClickedAt = Date.now(); },
                            {once: true});
    setTimeout(() => button.click(), Math.max(0, at - Date.now()));
    window.__speedlitQueue = 0;  // the longest queue the status label showed while waiting
    setInterval(() => {
        const label = document.querySelector("[data-testid='stExpander'] summary");
        const found = label && label.innerText.match(/(\\d+) other learner\\(s\\) in the queue/);
        if (found) window.__speedlitQueue = Math.max(window.__speedlitQueue, Number(found[1]));
    }, 50);
}"""


# ---------------------------------------------------------------- fixtures and helpers
@pytest.fixture
def app(streamlit_server, tmp_path):
    """A course server (cwd: the repository) with its own progress database."""
    db = tmp_path / "p.sqlite"
    url = streamlit_server("streamlit_app.py", cwd=REPO,
                           env={"SPEEDLIT_PROGRESS_URL": f"sqlite:///{db}"})
    return url, db


@pytest.fixture(scope="module")
def exercise():
    return course.load_exercise(EXERCISE)


def open_exercise(page, base_url: str, learner: str, wait_for_app):
    """Open the exercise page as ``?me=<learner>``; return the editor's iframe."""
    page.goto(f"{base_url}/exercise-{EXERCISE}?me={learner}")
    wait_for_app(page)
    frame = page.frame_locator(EDITOR_FRAME)
    frame.locator("#REACT_ACE_EDITOR .ace_content").wait_for()
    expect(page.get_by_role("heading", name="Your app")).to_be_visible()
    return frame


def editor_text(frame) -> str:
    """What the Ace editor holds (Ace keeps its editor on the container's ``env``)."""
    return frame.locator("#REACT_ACE_EDITOR").evaluate("node => node.env.editor.getValue()")


def insert_decorator(page, frame, code: str) -> str:
    """With the keyboard: go to ``def load_sales():``, open a line above it, type the decorator.

    The text goes in with ``insert_text`` (one input event): Ace's live autocompletion pops up
    while typing, and machine-speed keystrokes race it.
    """
    row = code.splitlines().index(LOADER)
    frame.locator("#REACT_ACE_EDITOR .ace_content").click()
    page.keyboard.press("Control+Home")
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Home")
    page.keyboard.press("Enter")  # the loader moves down; the cursor with it…
    page.keyboard.press("ArrowUp")  # …so back up to the new empty line
    page.keyboard.insert_text(DECORATOR)
    page.keyboard.press("Escape")  # close a completion popup, if any
    fixed = code.replace(LOADER, f"{DECORATOR}\n{LOADER}", 1)
    assert editor_text(frame) == fixed
    return fixed


def profile(db: Path, name: str) -> tuple[str, str]:
    """A learner's profile in the server's progress database: (id, resume code)."""
    return new_profile(f"sqlite:///{db}", name)


def epoch(stamp) -> float:
    """A time the store wrote (SQLite keeps it as UTC text) as seconds since the epoch."""
    when = dt.datetime.fromisoformat(str(stamp))
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).timestamp()


def wait_for_draft(db: Path, learner: str, code: str, timeout: float = 15.0) -> None:
    """Until the server saved ``code`` as the learner's draft (the editor's change event)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if db.exists():
            with sqlite3.connect(db) as conn:
                row = conn.execute("SELECT code FROM drafts WHERE learner_id = ? AND "
                                   "exercise = ?", (learner, EXERCISE)).fetchone()
            last = row and row[0]
            if last == code:
                return
        time.sleep(0.1)
    raise AssertionError(f"the draft never reached the server; last saved: {last!r}")


def scored_at(db: Path, learner: str) -> float | None:
    """When the learner's last check was recorded (every check is a submission)."""
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT max(at) FROM submissions WHERE learner_id = ? AND "
                           "exercise = ?", (learner, EXERCISE)).fetchone()
    return epoch(row[0]) if row and row[0] else None


def wait_for_new_score(db: Path, learner: str, before: float | None,
                       timeout: float = GRADE_TIMEOUT / 1000) -> None:
    deadline = time.monotonic() + timeout
    while scored_at(db, learner) == before:
        assert time.monotonic() < deadline, "the check was never recorded"
        time.sleep(0.1)


def check_button(page):
    return page.locator(f".st-key-check-{EXERCISE} button")


def expect_all_checks_pass(page, exercise) -> None:
    banner = page.locator("[data-testid='stAlert']", has_text="All checks pass")
    expect(banner).to_be_visible(timeout=GRADE_TIMEOUT)
    points = f"{exercise.max_score:g}/{exercise.max_score:g} points"
    expect(banner).to_contain_text(points)
    main = page.locator("[data-testid='stMain']")
    expect(main.locator("[aria-label='check_circle icon']")).to_have_count(len(exercise.checks))
    expect(main.locator("[aria-label='cancel icon']")).to_have_count(0)
    for check in exercise.checks:
        expect(main.get_by_text(check.name, exact=False).first).to_be_visible()
    expect(page.get_by_text("not yet")).to_have_count(0)


def expect_not_yet(page) -> None:
    expect(page.locator("[data-testid='stAlert']", has_text="points — not yet")).to_be_visible(
        timeout=GRADE_TIMEOUT)


def full_rerun(page, wait_for_app) -> None:
    """Rerun the whole page the way a learner can: flip "Workshop mode" (sidebar) on and off."""
    toggle = page.get_by_text("Workshop mode", exact=True)
    for _ in range(2):
        toggle.click()
        page.wait_for_timeout(300)
        wait_for_app(page)


def solution_block(page):
    """The solution's code block (the one that shows ``st.title("Sales explorer")``)."""
    return page.locator("[data-testid='stCode']", has_text='st.title("Sales explorer")').filter(
        has_not_text="+++ solution")


# ---------------------------------------------------------------- one learner
def test_fix_with_the_keyboard_check_hint_and_solution(page, app, exercise, wait_for_app):
    base_url, db = app
    alice, code = profile(db, "Alice")
    frame = open_exercise(page, base_url, code, wait_for_app)
    assert editor_text(frame) == exercise.starter
    expect(page.get_by_text("Available once your app passes, or after 2 more check(s).")) \
        .to_be_visible()

    fixed = insert_decorator(page, frame, exercise.starter)
    wait_for_draft(db, alice, fixed)
    check_button(page).click()
    expect_all_checks_pass(page, exercise)
    status = page.locator("[data-testid='stExpander']", has_text="Checking your app")
    expect(status).to_contain_text(re.compile(r"Checking your app: done in \d+\.\d s"))

    hint = page.get_by_role("button", name=f"Show a hint (1 of {len(exercise.hints)})")
    hint.click()
    shown = page.locator("[data-testid='stAlert']", has_text=f"Hint 1 of {len(exercise.hints)}.")
    expect(shown).to_be_visible(timeout=UI_TIMEOUT)
    expect(shown).to_contain_text(re.split(r"[`*_]", exercise.hints[0])[0].strip())
    expect(page.get_by_role("button", name=f"Show the next hint (2 of {len(exercise.hints)})")) \
        .to_be_visible()
    expect(page.get_by_text("Hint 2 of")).to_have_count(0)

    # The solution section is its own fragment and does not follow the Check (see
    # test_exercise_page.py::test_the_solution_section_follows_a_check_without_a_full_rerun);
    # a full rerun brings it up to date: passed, so shown without the confirmation checkbox.
    full_rerun(page, wait_for_app)
    expect(solution_block(page)).to_be_visible(timeout=UI_TIMEOUT)
    expect(page.get_by_role("checkbox")).to_have_count(0)
    expect(page.locator("[data-testid='stCode']", has_text="Identical.")).to_be_visible()
    assert editor_text(page.frame_locator(EDITOR_FRAME)) == fixed  # still the learner's code

    # the way on
    expect(page.get_by_role("link", name="Back to the lesson")).to_be_visible()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT score, max_score FROM best WHERE learner_id = ?", (alice,)) \
            .fetchall() == [(exercise.max_score, exercise.max_score)]


def test_ctrl_enter_grades_and_the_solution_opens_after_two_tries(page, app, exercise,
                                                                   wait_for_app):
    base_url, db = app
    bob, code = profile(db, "Bob")
    frame = open_exercise(page, base_url, code, wait_for_app)
    frame.locator("#REACT_ACE_EDITOR .ace_content").click()
    page.keyboard.press("Control+Enter")  # the starter, graded from the editor
    expect_not_yet(page)
    expect(page.locator("[data-testid='stMain'] [aria-label='cancel icon']").first).to_be_visible()

    first = scored_at(db, bob)
    assert first is not None
    page.keyboard.press("Control+Enter")  # a second try: now the solution may be revealed
    wait_for_new_score(db, bob, first)
    wait_for_app(page)
    full_rerun(page, wait_for_app)  # (the solution fragment does not follow a Check)
    box = page.get_by_text("Show me the solution — I have tried, and I want to compare")
    expect(box).to_be_visible(timeout=UI_TIMEOUT)
    expect(solution_block(page)).to_have_count(0)
    box.click()
    expect(solution_block(page)).to_be_visible(timeout=UI_TIMEOUT)
    diff = page.locator("[data-testid='stCode']", has_text="+++ solution")
    expect(diff).to_contain_text(f"+{DECORATOR}")

    frame = page.frame_locator(EDITOR_FRAME)
    insert_decorator(page, frame, exercise.starter)
    page.keyboard.press("Control+Enter")  # no wait for the draft: the event carries the text
    expect_all_checks_pass(page, exercise)


# ---------------------------------------------------------------- a class at once
def test_ten_learners_press_check_at_once(browser, app, wait_for_app, record_property):
    """Ten tabs (one browser context each, learners ``classN``) press Check within a second;
    every one gets its result. The server is warmed first by one check (the first grading on
    a server also boots the sandbox pool and runs the reference solution): what is measured is
    a class on a running course. The figures are printed (``-s``) and recorded as properties
    (``--junitxml``)."""
    base_url, db = app
    contexts, pages = [], []
    try:
        for number in range(LEARNERS):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(30_000)
            page = context.new_page()
            open_exercise(page, base_url, profile(db, f"class{number}")[1], wait_for_app)
            contexts.append(context)
            pages.append(page)

        started = time.monotonic()
        check_button(pages[0]).click()  # warm-up: learner class0 checks alone first
        expect_not_yet(pages[0])
        warm_up = time.monotonic() - started
        wait_for_app(pages[0])

        # All ten click at one agreed instant, each from a timer in its own page (Playwright's
        # clicks one after another take seconds on a busy machine). Date.now() in the pages and
        # time.time() in the server read this machine's clock: a learner waited from their
        # click to the moment the server recorded their score (just before showing it).
        fire_at = (time.time() + 2.0) * 1000
        for page in pages:
            page.evaluate(FIRE_CLICK, [f".st-key-check-{EXERCISE} button", fire_at])
        deadline = time.monotonic() + 2.0 + GRADE_TIMEOUT / 1000
        while True:
            with sqlite3.connect(db) as conn:
                rows = conn.execute("SELECT learners.name, max(submissions.at) FROM submissions "
                                    "JOIN learners ON learners.id = submissions.learner_id "
                                    "GROUP BY learners.name").fetchall()
            recorded = {name: epoch(at) for name, at in rows
                        if epoch(at) > fire_at / 1000 - 1.0}
            if len(recorded) == LEARNERS or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        fired = [page.evaluate("() => window.__speedlitClickedAt") for page in pages]
        assert all(fired), f"some clicks never fired: {fired}"
        spread = (max(fired) - min(fired)) / 1000
        assert len(recorded) == LEARNERS, \
            f"only {sorted(recorded)} of {LEARNERS} learners were graded"
        waited = {n: recorded[f"class{n}"] - fired[n] / 1000 for n in range(LEARNERS)}

        server_said = []
        for page in pages:  # …and every learner sees their result
            expect_not_yet(page)
            label = page.locator("[data-testid='stExpander']", has_text="Checking your app")
            expect(label).to_contain_text(re.compile(r"done in \d+\.\d s"))
            server_said.append(float(re.search(r"done in (\d+\.\d) s", label.inner_text())[1]))
        queue_seen = max(page.evaluate("() => window.__speedlitQueue") for page in pages)

        slowest = max(waited.values())
        median = sorted(waited.values())[LEARNERS // 2]
        for name, value in (("warm_up_s", warm_up), ("click_spread_s", spread),
                            ("slowest_wait_s", slowest), ("median_wait_s", median),
                            ("slowest_server_wait_s", max(server_said)),
                            ("most_shown_in_queue", queue_seen)):
            record_property(name, round(value, 2))
        print(f"\nwarm-up check {warm_up:.1f} s; {LEARNERS} learners clicked Check within "
              f"{spread:.2f} s; waited (click to score recorded): slowest {slowest:.2f} s, "
              f"median {median:.2f} s; the slowest status label said {max(server_said):.1f} s; "
              f"at most {queue_seen} other learner(s) shown in the queue")
        # "At once" means the gradings overlapped: most clicks came before any result did
        # (a fixed bound on the click spread fails on a loaded machine, where page timers lag).
        first_result = min(recorded.values())
        overlapping = sum(f / 1000 <= first_result for f in fired)
        assert overlapping >= LEARNERS // 2, \
            f"only {overlapping} clicks came before the first result (spread {spread:.2f} s)"
        assert slowest < 60, f"the slowest learner waited {slowest:.1f} s"
    finally:
        for context in contexts:
            context.close()
