"""What a teacher reads and exports (``course.store.exports``), on SQLite and PostgreSQL: the
grid, where a class struggles, the CSV gradebook, Gradescope results and all submissions —
and never a learner of another class."""
from __future__ import annotations

import csv
import io
import json
import zipfile

from checkers.result import CheckResult, Result
from course.store import exports

EXERCISES = ["cache-data-load", "session-counter"]


def result(exercise: str, *checks: tuple[str, float, float, str | None]) -> dict:
    """A graded result with these (name, score, max, mistake) checks."""
    made = [CheckResult(name, score == top, score, top, "" if score == top else "Not yet.",
                        task=1, mistake=mistake) for name, score, top, mistake in checks]
    score, top = sum(c.score for c in made), sum(c.max_score for c in made)
    return Result(exercise, "your code", score == top, score, top, 0.1, made, None, {},
                  "0" * 64).to_dict()


def classroom(store):
    """Two classes: A with Ann (two tries, then full marks), Bob (stuck) and Cid (nothing
    yet); B with Eve, whose work A's teacher must never see."""
    a, b = store.create_class("Class A"), store.create_class("Class B")
    ann, _ = store.new_learner("Ann", a["join_code"])
    bob, _ = store.new_learner("=HYPERLINK(\"x\")", a["join_code"])  # a name that is a formula
    cid, _ = store.new_learner("Cid", a["join_code"])
    eve, _ = store.new_learner("Eve", b["join_code"])
    store.record_submission(ann, "cache-data-load", "first try", result(
        "cache-data-load", ("Cached", 0, 4, "not-cached"), ("Same page", 4, 4, None)))
    store.record_submission(ann, "cache-data-load", "second try", result(
        "cache-data-load", ("Cached", 4, 4, None), ("Same page", 4, 4, None)))
    store.record_submission(bob, "cache-data-load", "bob's code", result(
        "cache-data-load", ("Cached", 0, 4, "not-cached"), ("Same page", 0, 4, None)))
    store.record_submission(bob, "session-counter", "counter", result(
        "session-counter", ("Counts", 3, 3, None)))
    store.record_submission(eve, "cache-data-load", "EVE-SECRET-CODE", result(
        "cache-data-load", ("Cached", 4, 4, None), ("Same page", 4, 4, None)))
    return a, b, {"ann": ann, "bob": bob, "cid": cid, "eve": eve}


def test_the_grid_has_every_learner_of_the_class_and_only_them(store):
    a, b, who = classroom(store)
    rows = {r["name"]: r for r in exports.grid(store, a["id"], EXERCISES)}
    assert set(rows) == {"Ann", "=HYPERLINK(\"x\")", "Cid"}
    assert rows["Ann"]["exercises"]["cache-data-load"] == {
        "score": 8, "max_score": 8, "passed": True, "attempts": 2}
    assert rows["Cid"]["exercises"] == {}
    assert set(r["name"] for r in exports.grid(store, b["id"], EXERCISES)) == {"Eve"}


def test_struggles_count_each_learners_latest_submission(store):
    a, _, _ = classroom(store)
    found = exports.struggles(store, a["id"])
    # Ann's latest passes, so only Bob fails "Cached" now; "Same page" too.
    assert found["cache-data-load"][0] == {"check": "Cached", "learners": 1, "of": 2,
                                          "mistakes": {"not-cached": 1}}
    assert [i["check"] for i in found["cache-data-load"]] == ["Cached", "Same page"]
    assert "session-counter" not in found


def test_the_csv_gradebook_has_points_and_maxima_per_exercise_and_check(store):
    a, _, who = classroom(store)
    table = list(csv.DictReader(io.StringIO(exports.gradebook_csv(store, a["id"], EXERCISES))))
    by_id = {row["learner_id"]: row for row in table}
    assert set(by_id) == {who["ann"], who["bob"], who["cid"]}  # Cid too, with zeros
    ann, bob, cid = by_id[who["ann"]], by_id[who["bob"]], by_id[who["cid"]]
    assert ann["class"] == "Class A" and ann["learner"] == "Ann"
    assert (ann["cache-data-load"], ann["cache-data-load max"]) == ("8", "8")
    assert (ann["cache-data-load · Cached"], ann["cache-data-load · Cached max"]) == ("4", "4")
    assert (bob["cache-data-load"], bob["session-counter"], bob["points"]) == ("0", "3", "3")
    assert (cid["points"], cid["max_points"]) == ("0", "11")
    assert bob["learner"].startswith("'=")  # shown as text by a spreadsheet, never run


def test_gradescope_zip_holds_each_learners_best_result(store):
    a, _, who = classroom(store)
    archive = zipfile.ZipFile(io.BytesIO(exports.gradescope_zip(store, a["id"])))
    names = archive.namelist()
    assert len(names) == 3 and all(n.endswith("/results.json") for n in names)
    ann = json.loads(archive.read(next(n for n in names if who["ann"][:8] in n
                                       and "cache-data-load" in n)))
    assert ann["score"] == 8 and len({t["number"] for t in ann["tests"]}) == len(ann["tests"])
    assert not any(who["eve"][:8] in n for n in names)


def test_submissions_zip_holds_every_submission_and_an_index(store):
    a, b, who = classroom(store)
    archive = zipfile.ZipFile(io.BytesIO(exports.submissions_zip(store, a["id"])))
    code = [n for n in archive.namelist() if n.endswith(".py")]
    assert len(code) == 4
    assert {archive.read(n).decode() for n in code} == {"first try", "second try",
                                                         "bob's code", "counter"}
    index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode())))
    assert len(index) == 4 and all(row["file"] in code for row in index)
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"EVE-SECRET-CODE" not in everything
    other = zipfile.ZipFile(io.BytesIO(exports.submissions_zip(store, b["id"])))
    assert [n for n in other.namelist() if n.endswith(".py")] and \
        all(who["eve"][:8] in n for n in other.namelist() if n.endswith(".py"))
