"""`python -m checkers`: listing, grading in every format, exit codes, and the selftest."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from checkers import cli, course

pytestmark = pytest.mark.sandbox

ROOT = Path(course.__file__).resolve().parent.parent
CACHE = ROOT / "exercises" / "cache-data-load"


def checkers(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "checkers", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_list_in_text_and_json():
    text = checkers("list")
    assert text.returncode == 0 and "cache-data-load" in text.stdout
    items = json.loads(checkers("list", "--format", "json").stdout)
    assert [i["id"] for i in items] == course.exercise_ids()
    assert all(i["max_score"] > 0 for i in items)


def test_grade_json_fields_and_exit_codes(tmp_path):
    done = checkers("grade", "cache-data-load", CACHE / "solution.py", CACHE / "starter.py",
                    "--format", "json", "--jobs", "2")
    assert done.returncode == 1, done.stderr
    solution, starter = json.loads(done.stdout)
    for result in (solution, starter):
        assert set(result) >= {"exercise", "file", "passed", "score", "max_score",
                               "execution_time", "checks", "error", "isolation",
                               "checker_version", "submission_sha256"}
        for check in result["checks"]:
            assert set(check) >= {"name", "passed", "score", "max_score", "message"}
    assert solution["passed"] and solution["score"] == solution["max_score"]
    assert not starter["passed"] and starter["score"] < starter["max_score"]
    only_solution = checkers("grade", "cache-data-load", CACHE / "solution.py")
    assert only_solution.returncode == 0 and "passed" in only_solution.stdout


def test_csv_gradebook_has_a_row_per_file_and_a_column_per_check(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("import streamlit as st\nst.write(\n")
    done = checkers("grade", "cache-data-load", CACHE / "solution.py", broken, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [Path(r["file"]).name for r in rows] == ["solution.py", "broken.py"]
    exercise = course.load_exercise("cache-data-load")
    for check in exercise.checks:
        assert check.name in rows[0]
    assert rows[0]["status"] == "passed" and rows[1]["status"] == "error"
    assert rows[1]["error_kind"] == "syntax"


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path):
    with_bom = tmp_path / "windows.py"
    with_bom.write_bytes(b"\xef\xbb\xbf" + (CACHE / "solution.py").read_bytes())
    done = checkers("grade", "cache-data-load", with_bom, "--format", "json")
    result = json.loads(done.stdout)
    assert done.returncode == 0 and result["passed"] and result["error"] is None


def test_the_text_report_shows_control_characters_instead_of_obeying_them(tmp_path):
    forged = tmp_path / "forged.py"
    forged.write_text("import streamlit as st\n"
                      "raise ValueError('x\\x1b[2K\\r  \\u2713 passed \\u2014 8/8 points\\u202e')\n")
    done = checkers("grade", "cache-data-load", forged)
    assert done.returncode == 1
    assert "\x1b" not in done.stdout and "\r" not in done.stdout and "\u202e" not in done.stdout
    assert "\\x1b" in done.stdout and "\\u202e" in done.stdout
    assert not any(line.startswith(("✓", "  ✓ passed")) for line in done.stdout.splitlines())


def test_gradescope_results_follow_the_spec(tmp_path):
    done = checkers("grade", "fragment-chart", ROOT / "exercises/fragment-chart/starter.py",
                    "--format", "gradescope", "--out", tmp_path)
    assert done.returncode == 1
    results = json.loads((tmp_path / "results.json").read_text())
    assert {"score", "execution_time", "output", "tests"} <= set(results)
    for test in results["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] in ("passed", "failed")
    assert results["score"] == sum(t["score"] for t in results["tests"])
    numbers = [t["number"] for t in results["tests"]]
    assert len(set(numbers)) == len(numbers), numbers
    assert all(t["output_format"] == "md" for t in results["tests"])


def test_two_files_of_the_same_name_get_two_gradescope_results(tmp_path):
    """A batch of learners' folders, each with its own app.py: no result overwrites another."""
    starter = (ROOT / "exercises/cache-data-load/starter.py").read_text()
    solution = (ROOT / "exercises/cache-data-load/solution.py").read_text()
    for who, code in (("ann", starter), ("bob", solution)):
        (tmp_path / "in" / who).mkdir(parents=True)
        (tmp_path / "in" / who / "app.py").write_text(code)
    done = checkers("grade", "cache-data-load", tmp_path / "in/ann/app.py",
                    tmp_path / "in/bob/app.py", "--format", "gradescope",
                    "--out", tmp_path / "out")
    assert done.returncode == 1, done.stderr
    written = sorted((tmp_path / "out").rglob("results.json"))
    assert len(written) == 2, written
    scores = {p.parent.name: json.loads(p.read_text())["score"] for p in written}
    ann = next(v for k, v in scores.items() if "ann" in k)
    bob = next(v for k, v in scores.items() if "bob" in k)
    assert ann == 0 and bob > 0


def test_gradescope_is_written_even_when_the_grader_fails(tmp_path, monkeypatch):
    class Broken:
        def __init__(self, *a, **k):
            raise RuntimeError("no sandbox today")

    monkeypatch.setattr("checkers.grading.Grader", Broken)
    code = cli.main(["grade", "cache-data-load", str(CACHE / "starter.py"),
                     "--format", "gradescope", "--out", str(tmp_path)])
    assert code == 1
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["score"] == 0
    assert results["tests"][0]["status"] == "failed"
    assert "grader itself failed" in results["tests"][0]["output"]


@pytest.mark.parametrize("args, needle", [
    (["grade", "cache-data-load", "no/such/file.py"], "no such file"),
    (["grade", "no-such-exercise", "x.py"], "unknown exercise"),
    (["grade"], "required"),
    (["frobnicate"], "invalid choice"),
    (["grade", "cache-data-load", "x.py", "--jobs", "0"], "--jobs"),
])
def test_usage_errors_exit_2_with_one_line(args, needle):
    done = checkers(*args)
    assert done.returncode == 2
    assert needle in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_selftest_proves_every_exercise():
    done = checkers("selftest", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    for exercise_id in course.exercise_ids():
        assert f"ok   {exercise_id}" in done.stdout
    assert f"{len(course.exercise_ids())} passed, 0 failed" in done.stdout


def test_selftest_fails_when_a_mistake_is_not_recognised(tmp_path, monkeypatch):
    from checkers.grading import Grader
    from checkers.selftest import selftest

    exercise = course.load_exercise("cache-data-load")
    silenced = type(exercise)(**{**exercise.__dict__, "mistakes": exercise.mistakes[:1]})
    with Grader() as grader:
        outcome = selftest(grader, silenced)
    assert not outcome.ok
    assert any("matches no declared mistake" in p for p in outcome.problems)
