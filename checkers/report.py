"""Write grading results in the formats teachers use: text, JSON, a CSV gradebook, Gradescope."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

from checkers.result import Result

FORMATS = ("text", "json", "csv", "gradescope")


def terminal_safe(value: str) -> str:
    """Text as a terminal must show it: control and format characters (escape sequences,
    carriage returns, bidirectional overrides) made visible, so nothing an app printed can
    move the cursor or draw a fake verdict."""
    out = []
    for char in str(value):
        if char == "\n":
            out.append(" ⏎ ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def text(results: list[Result]) -> str:
    lines = []
    for result in results:
        lines.append(terminal_safe(f"{result.file}: {result.headline}"))
        for check in result.checks:
            mark = "✓" if check.passed else "✗"
            task = f"[task {check.task}] " if check.task else ""
            lines.append(f"  {mark} {task}{terminal_safe(check.name)} "
                         f"({check.score:g}/{check.max_score:g})")
            if check.message and not check.passed and not result.error:
                lines.append(f"      {terminal_safe(check.message)}")
    return "\n".join(lines) + "\n"


def as_json(results: list[Result]) -> str:
    if len(results) == 1:
        return json.dumps(results[0].to_dict(), indent=2, ensure_ascii=False) + "\n"
    return json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False) + "\n"


def gradebook(results: list[Result]) -> str:
    """One row per file, one column per check, then totals and a status (Otter's layout)."""
    names = [c.name for c in results[0].checks] if results else []
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["file", "exercise", *names, "score", "max_score", "status", "error_kind",
                     "submission_sha256"])
    for result in results:
        by_name = {c.name: c.score for c in result.checks}
        status = "error" if result.error else "passed" if result.passed else "failed"
        writer.writerow([result.file, result.exercise, *[f"{by_name.get(n, 0):g}" for n in names],
                         f"{result.score:g}", f"{result.max_score:g}", status,
                         result.error["kind"] if result.error else "", result.submission_sha256])
    return out.getvalue()


def gradescope(result: Result) -> dict:
    """Gradescope autograder ``results.json``; a grading failure is a visible failing test."""
    tests = [{
        "name": c.name, "score": c.score, "max_score": c.max_score,
        "status": "passed" if c.passed else "failed",
        "output": c.message or ("Passed." if c.passed else ""), "visibility": "visible",
        **({"number": str(c.task)} if c.task else {}),
    } for c in result.checks]
    if result.error:
        tests.insert(0, {"name": f"Your app ran ({result.error['kind']})", "score": 0,
                         "max_score": 0, "status": "failed", "output": result.error["message"],
                         "visibility": "visible"})
    return {
        "score": result.score,
        "execution_time": round(result.execution_time, 3),
        "output": result.headline,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"exercise": result.exercise, "isolation": result.isolation,
                       "checker_version": result.checker_version,
                       "submission_sha256": result.submission_sha256},
    }


def write_gradescope(results: list[Result], out: Path) -> list[Path]:
    """``results.json`` in ``out`` for one file; ``out/<file stem>/results.json`` for several."""
    written = []
    for result in results:
        folder = out if len(results) == 1 else out / Path(result.file).stem
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "results.json"
        path.write_text(json.dumps(gradescope(result), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


def render(results: list[Result], fmt: str) -> str:
    if fmt == "json":
        return as_json(results)
    if fmt == "csv":
        return gradebook(results)
    if fmt == "gradescope":
        return json.dumps([gradescope(r) for r in results] if len(results) != 1
                          else gradescope(results[0]), indent=2, ensure_ascii=False) + "\n"
    return text(results)
