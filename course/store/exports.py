"""What a teacher reads and takes away from a class — no Streamlit here, so the dashboard,
the CLI and tests share it.

* ``grid``: learners × exercises, each cell the learner's best score and how many Checks;
* ``struggles``: per exercise, the checks (and named mistakes) that fail most in the
  learners' latest submissions;
* ``gradebook_csv``: one row per learner; per exercise and per check, points and maxima;
* ``gradescope_zip``: ``results.json`` (Gradescope's format) per learner and exercise;
* ``submissions_zip``: every submission's code and feedback, with an index.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter, defaultdict

from checkers import report
from checkers.result import Result
from course.store.api import Store


def _best(submissions: list[dict]) -> dict[tuple[str, str], dict]:
    """Each learner's best submission per exercise (the latest of equal scores)."""
    best: dict[tuple[str, str], dict] = {}
    for row in sorted(submissions, key=lambda r: r["id"]):
        key = (row["learner_id"], row["exercise"])
        if key not in best or row["score"] >= best[key]["score"]:
            best[key] = row
    return best


def grid(store: Store, class_id: int, exercises: list[str]) -> list[dict]:
    """One row per learner of the class: name, last seen, where they are, and per exercise
    ``{"score", "max_score", "passed", "attempts"}`` (absent: not tried)."""
    cells = defaultdict(dict)
    for row in store.gradebook(class_id):
        cells[row["id"]][row["exercise"]] = {
            "score": row["score"], "max_score": row["max_score"], "passed": bool(row["passed"]),
            "attempts": int(row["attempts"] or 0)}
    return [{"id": who["id"], "name": who["name"], "last_seen": who["last_seen"],
             "last_page": who["last_page"],
             "exercises": {e: cells[who["id"]][e] for e in exercises if e in cells[who["id"]]}}
            for who in store.roster(class_id)]


def struggles(store: Store, class_id: int) -> dict[str, list[dict]]:
    """Per exercise, from each learner's latest submission: the failing checks, most often
    failed first, with how many learners and the mistakes named under them."""
    failing: dict[str, Counter] = defaultdict(Counter)
    mistakes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    tried: Counter = Counter()
    for row in store.submissions(class_id=class_id, latest_only=True):
        tried[row["exercise"]] += 1
        result = row["result"] or {}
        if result.get("error"):
            failing[row["exercise"]][f"The app ran ({result['error'].get('kind', 'error')})"] += 1
        for check in result.get("checks", []):
            if not check.get("passed"):
                failing[row["exercise"]][check["name"]] += 1
                if check.get("mistake"):
                    mistakes[(row["exercise"], check["name"])][check["mistake"]] += 1
    return {exercise: [{"check": name, "learners": n, "of": tried[exercise],
                        "mistakes": dict(mistakes[(exercise, name)].most_common())}
                       for name, n in counts.most_common()]
            for exercise, counts in failing.items()}


def gradebook_csv(store: Store, class_id: int, exercises: list[str]) -> str:
    """One row per learner of the class (those who submitted nothing too): learner, class,
    total and maximum, then per exercise its points and maximum, then per check of the
    learner's best submission its points and maximum."""
    room = next((c for c in store.classes() if c["id"] == class_id), {"name": ""})
    best = _best(store.submissions(class_id=class_id))
    checks: dict[str, dict[str, float]] = defaultdict(dict)  # exercise -> check -> max
    for (_, exercise), row in best.items():
        for check in (row["result"] or {}).get("checks", []):
            checks[exercise].setdefault(check["name"], float(check["max_score"]))
    header = ["learner", "learner_id", "class", "points", "max_points"]
    for exercise in exercises:
        header += [f"{exercise}", f"{exercise} max"]
        for name in checks[exercise]:
            header += [f"{exercise} · {name}", f"{exercise} · {name} max"]
    maxima = {e: next((float(r["max_score"]) for (_, ex), r in best.items() if ex == e), None)
              for e in exercises}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([report.csv_safe(h) for h in header])
    for who in store.roster(class_id):
        cells, total = [], 0.0
        for exercise in exercises:
            row = best.get((who["id"], exercise))
            score = float(row["score"]) if row else 0.0
            total += score
            cells += [_number(score), _number(maxima[exercise])]
            got = {c["name"]: c for c in (row["result"] or {}).get("checks", [])} if row else {}
            for name, top in checks[exercise].items():
                cells += [_number(float(got[name]["score"]) if name in got else 0.0),
                          _number(top)]
        everything = sum(m for m in maxima.values() if m is not None)
        writer.writerow([report.csv_safe(who["name"]), who["id"], report.csv_safe(room["name"]),
                         _number(total), _number(everything), *cells])
    return out.getvalue()


def gradescope_zip(store: Store, class_id: int) -> bytes:
    """A zip with ``<learner>/<exercise>/results.json`` for each learner's best submission."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for (learner_id, exercise), row in sorted(_best(store.submissions(class_id=class_id))
                                                  .items()):
            result = Result.from_dict(row["result"])
            archive.writestr(f"{_folder(row['name'], learner_id)}/{exercise}/results.json",
                             json.dumps(report.gradescope(result), indent=2, ensure_ascii=False))
    return buffer.getvalue()


def submissions_zip(store: Store, class_id: int) -> bytes:
    """Every submission of the class: ``<learner>/<exercise>/<n>-<time>.py`` and its feedback
    beside it (``.json``), and ``index.csv`` listing them all."""
    buffer, index = io.BytesIO(), io.StringIO()
    writer = csv.writer(index)
    writer.writerow(["learner", "learner_id", "exercise", "submitted_at", "score", "max_score",
                     "passed", "file"])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in sorted(store.submissions(class_id=class_id), key=lambda r: r["id"]):
            when = row["at"].strftime("%Y%m%d-%H%M%S")
            stem = f"{_folder(row['name'], row['learner_id'])}/{row['exercise']}/{row['id']}-{when}"
            archive.writestr(stem + ".py", row["code"])
            archive.writestr(stem + ".json", json.dumps(row["result"], indent=2,
                                                         ensure_ascii=False))
            writer.writerow([report.csv_safe(row["name"]), row["learner_id"], row["exercise"],
                             row["at"].isoformat(), _number(row["score"]),
                             _number(row["max_score"]), bool(row["passed"]), stem + ".py"])
        archive.writestr("index.csv", index.getvalue())
    return buffer.getvalue()


def _folder(name: str, learner_id: str) -> str:
    """A folder name for a learner: their name made safe, and part of their id (names repeat)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.")[:40] or "learner"
    return f"{safe}-{learner_id[:8]}"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
