"""The lessons' live demos as several visitors meet them, on the real runtime (each tab its own
session): in /ui-speed every visitor sees the "after" app's spinners the first time."""
from __future__ import annotations

import re

import pytest

from tests.course_app import CourseApp

FOOTER = re.compile(r"script ran \*\*(\d+)×\*\* · `(\w+)` ran \*\*(\d+)×\*\*")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("progress") / "p.sqlite"
    server = CourseApp({"SPEEDLIT_PROGRESS_URL": f"sqlite:///{db}"})
    yield server
    server.close()


def counts(page) -> tuple[int, int]:
    found = [m for c in page.values("caption") if (m := FOOTER.search(str(c)))]
    assert len(found) == 1, page.values("caption")
    return int(found[0].group(1)), int(found[0].group(3))


def test_every_visitor_of_the_ui_speed_demo_sees_its_spinners(app):
    seen = []
    for _visitor in range(2):
        page = app.open("demo-ui-speed-after", demo="1", embed="true")
        first = counts(page)[1]
        page.reload()
        seen.append((first, counts(page)[1]))
    # Each visitor's first look runs the three slow counts (under their spinners); their own
    # next look is cached.
    assert seen == [(3, 3), (3, 3)], seen
