"""The Gradescope autograder bundle (``python -m checkers gradescope-bundle``), proved by
unpacking it into a simulated ``/autograder`` and running its ``run_autograder`` as
Gradescope would, on a solution, a starter, nothing, and too many files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from checkers import course

pytestmark = pytest.mark.sandbox
ROOT = Path(course.__file__).resolve().parent.parent
EXERCISE = "cache-data-load"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    done = subprocess.run([sys.executable, "-m", "checkers", "gradescope-bundle", EXERCISE,
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return out


def autograde(bundle: Path, tmp_path: Path, files: dict[str, str]) -> dict:
    """Unpack the bundle as Gradescope does, put the learner's files in, run it."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    (root / "submission").mkdir()
    for name, text in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPEEDLIT_")}
    env.update(AUTOGRADER_ROOT=str(root), SPEEDLIT_PYTHON=sys.executable)
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads((root / "results" / "results.json").read_text())


def test_the_bundle_holds_the_engine_and_only_this_exercise(bundle):
    names = zipfile.ZipFile(bundle).namelist()
    assert {"setup.sh", "run_autograder", "course.toml", "requirements.txt",
            "checkers/cli.py", "assets/sales.csv", f"exercises/{EXERCISE}/checks.py"} <= set(names)
    assert not [n for n in names if n.startswith(("exercises/session-counter", "course/",
                                                  "tests/", "lessons/")) or "__pycache__" in n]
    setup = zipfile.ZipFile(bundle).read("setup.sh").decode()
    assert subprocess.run(["bash", "-n"], input=setup, text=True).returncode == 0
    pins = zipfile.ZipFile(bundle).read("requirements.txt").decode()
    assert "streamlit==1.67.0" in pins and "psycopg" not in pins


def test_a_solution_gets_full_marks_in_the_simulated_autograder(bundle, tmp_path):
    solution = (ROOT / "exercises" / EXERCISE / "solution.py").read_text()
    results = autograde(bundle, tmp_path, {"my_app.py": solution})
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0
    assert results["extra_data"]["file"] == "my_app.py"


def test_the_starter_gets_nothing_and_feedback(bundle, tmp_path):
    starter = (ROOT / "exercises" / EXERCISE / "starter.py").read_text()
    results = autograde(bundle, tmp_path, {"app.py": starter, "notes/helper.py": "x = 1\n"})
    assert results["score"] == 0
    assert any(t["status"] == "failed" and t["output"] for t in results["tests"])


@pytest.mark.parametrize("files, needle", [
    ({}, "No Python file was submitted"),
    ({"a.py": "x = 1\n", "b.py": "y = 2\n"}, "Several Python files were submitted"),
])
def test_a_submission_without_one_clear_app_is_told_why(bundle, tmp_path, files, needle):
    results = autograde(bundle, tmp_path, files)
    assert results["score"] == 0
    assert needle in results["tests"][0]["output"]
