"""Gradescope: the autograder bundle for one exercise, and what runs inside it.

``python -m checkers gradescope-bundle <exercise>`` writes the zip Gradescope asks for when an
assignment uses a custom autograder: ``setup.sh`` (installs Python and the pinned packages
into ``/autograder/venv``), ``run_autograder`` (grades the submission) and the engine with
this one exercise (its folder, a manifest naming only it, the data it serves).

``python -m checkers gradescope-run <exercise>`` is what ``run_autograder`` calls: it finds the
learner's file in ``<root>/submission`` (the one ``.py`` file, or ``app.py`` /
``streamlit_app.py`` among several), grades it in the sandbox and always writes
``<root>/results/results.json`` — for a missing file, or a host that cannot isolate learner
code, a failing test that says so.

Layout, as Gradescope documents it: ``/autograder/source`` (the zip, unpacked),
``/autograder/submission`` (the learner's files), ``/autograder/results/results.json``.
``AUTOGRADER_ROOT`` moves the root (tests use it).
"""
from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

from checkers import course, report
from checkers.result import not_graded

ROOT = course.ROOT
ENGINE = ("checkers", "assets")
NEVER = ("__pycache__", ".pytest_cache")
PREFERRED = ("app.py", "streamlit_app.py", "main.py")

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when the autograder image is built.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip ca-certificates
python3 - <<'EOF'
import sys
if sys.version_info < (3, 11):
    sys.exit("Speedlit's grader needs Python 3.11 or newer; choose Gradescope's "
             "Ubuntu 24.04 base image (this one has Python %d.%d)." % sys.version_info[:2])
EOF
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --no-cache-dir -r /autograder/source/requirements.txt
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission; it must leave results/results.json behind.
set -u
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{SPEEDLIT_PYTHON:-$ROOT/venv/bin/python}}"
{unconfined}cd "$ROOT/source" && exec "$PYTHON" -m checkers gradescope-run {exercise} --root "$ROOT"
"""

#: Only what grading needs (no course app, no editor, no database drivers).
REQUIREMENTS = ("streamlit", "pandas", "numpy", "pygments")


def bundle(exercise_id: str, *, allow_unconfined: bool = False, root: Path = ROOT) -> bytes:
    """The autograder zip for ``exercise_id``."""
    exercise = course.load_exercise(exercise_id, root)  # refuses an unknown or broken one
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(path: Path) -> None:
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if not (set(file.parts) & set(NEVER) or file.suffix == ".pyc"):
                    archive.write(file, file.relative_to(root).as_posix())

        for name in ENGINE:
            add(root / name)
        add(exercise.folder)
        archive.writestr(course.MANIFEST, "# Speedlit autograder: one exercise\n"
                         f"format_version = 1\nlessons = []\nexercises = [{exercise_id!r}]\n"
                         .replace("'", '"'))
        archive.writestr("requirements.txt", _requirements(root))
        for name, text in (("setup.sh", SETUP), ("run_autograder", RUN.format(
                exercise=exercise_id, unconfined="export SPEEDLIT_ALLOW_UNCONFINED=1  # chosen "
                "when the bundle was built: results are marked unsafe\n"
                if allow_unconfined else ""))):
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()


def _requirements(root: Path) -> str:
    lines = [line for line in (root / "requirements.txt").read_text().splitlines()
             if line.split("==")[0].split("[")[0].strip().lower() in REQUIREMENTS]
    return "\n".join(lines) + "\n"


def find_submission(folder: Path) -> tuple[Path | None, str]:
    """The learner's app in ``folder``: (path, "") or (None, why not)."""
    files = sorted(p for p in folder.rglob("*.py") if p.is_file()) if folder.is_dir() else []
    if len(files) == 1:
        return files[0], ""
    for name in PREFERRED:
        named = [p for p in files if p.name == name]
        if len(named) == 1:
            return named[0], ""
    if not files:
        return None, "No Python file was submitted: upload your app as one .py file."
    listed = ", ".join(str(p.relative_to(folder)) for p in files[:10])
    return None, (f"Several Python files were submitted ({listed}) and none is called "
                  f"{' or '.join(PREFERRED)}: upload only your app, or name it app.py.")


def run(exercise_id: str, root: Path) -> int:
    """Grade the submission in ``root`` and write ``root/results/results.json``."""
    from checkers import submission
    from checkers.grading import Grader
    from checkers.sandbox import SandboxUnavailable

    exercise = course.load_exercise(exercise_id)
    found, why = find_submission(root / "submission")
    if found is None:
        result = not_graded(exercise, "submission", "crash", why)
    else:
        name = found.relative_to(root / "submission").as_posix()
        source = submission.from_bytes(found.read_bytes())
        try:
            with Grader(workers=1) as grader:
                grader.ensure_sandbox()
                result = grader.grade(exercise, source, name)
        except SandboxUnavailable as exc:
            result = not_graded(exercise, name, "sandbox", "This autograder cannot isolate "
                                f"learner code on this machine, so it did not run yours: {exc}")
    out = root / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(report.json_safe(json.dumps(
        report.gradescope(result), indent=2, ensure_ascii=False)), encoding="utf-8")
    return 0
