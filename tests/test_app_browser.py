"""The course app in a real browser: ``streamlit run streamlit_app.py`` driven by Chromium.

A learner opens the course map, follows the link to lesson 2 (``/cache-data``), uses both live
demos (each a real Streamlit app in its own session, in an iframe) and reads their footers:
changing the region reloads the data in the slow app every time and never in the cached one.
The benchmark button replays the lesson headless in the sandbox and reports a speed-up above 1;
Next leads to lesson 3 and the course map then marks both lessons as visited. Separately, every
lesson answers at its stable address ``/<lesson id>`` with its own title.

The demos' footer (``⏱ last full rerun … · script ran N× · `<service>` ran M× in this tab``)
is the signal the test waits on: each interaction must raise "script ran" by one before its
counts are read. Demo apps sleep for real, scaled down by ``SPEEDLIT_LATENCY_SCALE=0.05``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from checkers import course

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROOT = Path(course.__file__).resolve().parent.parent
LESSONS = course.lesson_ids()
LESSON = "cache-data"
EXPENSIVE = course.load_lesson("cache-data").expensive
WIDGET = "Region"
CHOICES = ["South", "East"]   # the selectbox starts on North
BENCHMARK_TIMEOUT = 90_000    # ms: the first benchmark starts the sandbox's worker pool
FOOTER = re.compile(r"script ran (\d+)× · (\S+) ran (\d+)× in this tab")


@pytest.fixture
def course_app(streamlit_server, tmp_path):
    """Base URL of the course app, with its progress in a throw-away SQLite file."""
    return streamlit_server("streamlit_app.py", cwd=ROOT, env={
        "SPEEDLIT_LATENCY_SCALE": "0.05",
        "SPEEDLIT_PROGRESS_URL": f"sqlite:///{tmp_path / 'progress.sqlite'}",
    })


def lesson_title(lesson_id: str) -> str:
    lesson = course.load_lesson(lesson_id)
    return f"{lesson.number}. {lesson.title}"


def footer_counts(footer) -> tuple[int, int]:
    """(script runs, expensive-step runs) from a demo's footer."""
    match = FOOTER.search(footer.inner_text())
    assert match, f"unexpected demo footer: {footer.inner_text()!r}"
    assert match.group(2) == EXPENSIVE, match.group(0)
    return int(match.group(1)), int(match.group(3))


def choose(frame, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` inside ``frame``."""
    box = frame.locator("[data-testid='stSelectbox']").filter(has_text=label)
    box.get_by_role("combobox").click()
    frame.get_by_role("option", name=option, exact=True).click()


def test_lesson_two_demos_benchmark_and_next(page, course_app, wait_for_app):
    page.goto(course_app + "/")
    main = page.get_by_test_id("stMain")
    expect(page.locator("h1").first).to_contain_text("Speedlit")
    wait_for_app(page)

    # the course map links to lesson 2 at its stable address
    main.get_by_role("link", name=lesson_title(LESSON)).click()
    page.wait_for_url(re.compile(rf"/{LESSON}(\?|$)"))
    expect(page.locator("h1").first).to_have_text(lesson_title(LESSON))
    assert "me=" in page.url, f"the lesson page dropped the learner id: {page.url}"

    # both demos are live, each in its own session; the footer counts what ran there
    for side, grows in (("before", True), ("after", False)):
        frame_element = page.locator(f"iframe[src*='/demo-{LESSON}-{side}?']")
        expect(frame_element).to_have_attribute("src", re.compile(r"embed=true&demo=1"))
        frame = page.frame_locator(f"iframe[src*='/demo-{LESSON}-{side}?']")
        footer = frame.get_by_text("last full rerun")
        expect(footer).to_contain_text("script ran 1×", timeout=30_000)
        runs, loads = footer_counts(footer)
        for region in CHOICES:
            choose(frame, WIDGET, region)
            expect(footer).to_contain_text(f"script ran {runs + 1}×")
            new_runs, new_loads = footer_counts(footer)
            expected = loads + 1 if grows else loads
            assert new_loads == expected, (
                f"{side}: after {WIDGET} = {region}, {EXPENSIVE} ran {new_loads}× "
                f"(expected {expected}×): {footer.inner_text()!r}")
            runs, loads = new_runs, new_loads

    # the benchmark replays the lesson on both apps in the sandbox
    main.get_by_role("button", name="Run the benchmark").click()
    speedup = main.get_by_test_id("stMetric").filter(has_text="Speed-up")
    expect(speedup).to_be_visible(timeout=BENCHMARK_TIMEOUT)
    value = speedup.get_by_test_id("stMetricValue").inner_text()
    match = re.fullmatch(r"([\d.]+)×", value.strip())
    assert match and float(match.group(1)) > 1, f"Speed-up shows {value!r}"
    labels = main.get_by_test_id("stMetricLabel").all_inner_texts()
    assert {"Before, all steps", "After, all steps", "Speed-up"} <= {t.strip() for t in labels}
    expect(main.get_by_test_id("stDataFrame")).to_be_visible()

    # Previous and Next
    expect(main.get_by_role("link", name="Previous lesson")).to_have_attribute(
        "href", re.compile(rf"(^|/){LESSONS[LESSONS.index(LESSON) - 1]}$"))
    main.get_by_role("link", name="Next lesson").click()
    page.wait_for_url(re.compile(r"/cache-ttl(\?|$)"))
    expect(page.locator("h1").first).to_have_text(lesson_title("cache-ttl"))
    wait_for_app(page)

    # back on the course map, both lessons read as started (opened, exercises not passed;
    # progress in the server's SQLite)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Course map").click()
    expect(page.locator("h1").first).to_contain_text("Speedlit")
    for lesson_id in LESSONS[:3]:
        mark = "radio_button_unchecked" if lesson_id == LESSONS[0] else "timelapse"
        expect(main.get_by_role("link", name=lesson_title(lesson_id))).to_contain_text(mark)


def test_lesson_url_paths_are_stable(page, course_app):
    """``/reruns`` … ``/ui-speed`` each open their own lesson (no fallback to the main page)."""
    for lesson_id in LESSONS:
        page.goto(f"{course_app}/{lesson_id}")
        expect(page.locator("h1").first).to_have_text(lesson_title(lesson_id))
        assert re.search(rf"/{lesson_id}(\?|$)", page.url), page.url
        expect(page.get_by_text("Page not found")).to_have_count(0)


def test_home_answers_at_the_root(page, course_app, wait_for_app):
    page.goto(f"{course_app}/")
    expect(page.locator("h1").first).to_contain_text("Speedlit")
    wait_for_app(page, settle=500)
    expect(page.get_by_text("Page not found")).to_have_count(0, timeout=1_000)


# The code editor component's own themes @import its font from Google (streamlit-code-editor
# 0.1.22, inside its bundle); nothing else may leave the server.
EDITOR_FONT = "https://fonts.googleapis.com/css2?family=Source+Code+Pro"


def test_the_course_fetches_nothing_from_elsewhere(page, course_app, wait_for_app):
    """A workshop room without internet: the favicon, icons and fonts come from the app."""
    outside = []
    page.on("request", lambda r: None if r.url.startswith(course_app) or r.url.startswith(
        ("data:", "blob:", "about:")) else outside.append(r.url))
    for path in ("", LESSON, f"exercise-{course.exercise_ids()[0]}"):
        page.goto(f"{course_app}/{path}")
        wait_for_app(page, settle=800)
    assert not [u for u in outside if not u.startswith(EDITOR_FONT)], outside
    icon = page.locator("link[rel*='icon']").first.get_attribute("href")
    assert icon and not icon.startswith("http"), icon  # drawn from an emoji, in the page


@pytest.mark.parametrize("lesson_id", ["cache-data", "multi-step", "ui-speed"])
def test_before_and_after_code_is_read_without_scrolling_sideways(page, course_app,
                                                                  wait_for_app, lesson_id):
    """At 1280 px the two code panels sit side by side; long lines wrap instead of hiding
    the changed words off the panel's edge."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{course_app}/{lesson_id}")
    wait_for_app(page, settle=500)
    panels = page.locator(".speedlit-code pre")
    expect(panels.first).to_be_visible()
    widths = panels.evaluate_all("els => els.map(e => [e.scrollWidth, e.clientWidth])")
    assert len(widths) >= 2
    assert all(scroll <= client + 1 for scroll, client in widths), widths
