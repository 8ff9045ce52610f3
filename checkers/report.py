"""Write grading results in the formats teachers use: text, JSON, a CSV gradebook, Gradescope."""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

from checkers.result import Result

FORMATS = ("text", "json", "csv", "gradescope")


UNSEEN = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
MAX_MESSAGE = 400


def terminal_safe(value: str, limit: int | None = None) -> str:
    """Text as a terminal must show it: control and format characters (escape sequences,
    carriage returns, bidirectional overrides) made visible, runs of blanks shortened (so
    padding cannot push text onto a line of its own when the terminal wraps) and, with
    ``limit``, cut: nothing an app printed can move the cursor or draw a fake verdict."""
    out = []
    for char in str(value):
        if char == "\n":
            out.append(" ⏎ ")
        elif unicodedata.category(char) in UNSEEN:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif char.isspace():
            out.append(" ")
        else:
            out.append(char)
    shown = re.sub(r" {3,}", "  ", "".join(out))
    if limit is not None and len(shown) > limit:
        shown = shown[:limit - 1] + "…"
    return shown


def json_safe(text: str) -> str:
    """JSON whose strings show control and format characters as escapes (``\\u202e``), like
    ``ensure_ascii`` does, while the rest of the text stays readable."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in UNSEEN and c != "\n"
                   else c for c in text)


def text(results: list[Result]) -> str:
    lines = []
    for result in results:
        if result.error:  # the learner's own words go on a line of their own, indented
            lines.append(terminal_safe(f"{result.file}: {result.error['kind']}"))
            lines.append("      " + terminal_safe(result.error["message"], MAX_MESSAGE))
        else:
            lines.append(terminal_safe(f"{result.file}: {result.headline}"))
        for check in result.checks:
            mark = "✓" if check.passed else "✗"
            task = f"[task {check.task}] " if check.task else ""
            lines.append(f"  {mark} {task}{terminal_safe(check.name)} "
                         f"({check.score:g}/{check.max_score:g})")
            if check.message and not check.passed and not result.error:
                lines.append(f"      {terminal_safe(check.message, MAX_MESSAGE)}")
    return "\n".join(lines) + "\n"


def as_json(results: list[Result]) -> str:
    data = results[0].to_dict() if len(results) == 1 else [r.to_dict() for r in results]
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def csv_safe(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs: a leading ``= + - @`` (a formula, in
    Excel or LibreOffice) gets an apostrophe in front."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


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
        writer.writerow([csv_safe(result.file), result.exercise, *[f"{by_name.get(n, 0):g}" for n in names],
                         f"{result.score:g}", f"{result.max_score:g}", status,
                         result.error["kind"] if result.error else "", result.submission_sha256])
    return out.getvalue()


def test_numbers(result: Result) -> list[str]:
    """Gradescope's ``number`` of each check: unique, ordered, per task ("1.1", "1.2", "2.1");
    checks of no task come first ("0.1")."""
    seen: dict[int, int] = {}
    numbers = []
    for check in result.checks:
        task = int(check.task or 0)
        seen[task] = seen.get(task, 0) + 1
        numbers.append(f"{task}.{seen[task]}")
    return numbers


def gradescope(result: Result) -> dict:
    """Gradescope autograder ``results.json``: every check a test with a unique number, the
    feedback as Markdown; a grading failure is a visible failing test."""
    tests = [{
        "name": c.name, "number": number, "score": c.score, "max_score": c.max_score,
        "status": "passed" if c.passed else "failed",
        "output": c.message or ("Passed." if c.passed else ""), "output_format": "md",
        "visibility": "visible",
    } for c, number in zip(result.checks, test_numbers(result))]
    if result.error:
        tests.insert(0, {"name": f"Your app ran ({result.error['kind']})", "number": "0.0",
                         "score": 0, "max_score": 0, "status": "failed",
                         "output": result.error["message"], "output_format": "md",
                         "visibility": "visible"})
    return {
        "score": result.score,
        "execution_time": round(result.execution_time, 3),
        "output": result.headline,
        "output_format": "md",
        "test_output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"exercise": result.exercise, "file": result.file,
                       "isolation": result.isolation,
                       "checker_version": result.checker_version,
                       "submission_sha256": result.submission_sha256},
    }


def result_folders(results: list[Result]) -> list[str]:
    """A folder name per result, unique whatever the files were called: the file's path with
    its separators turned into ``__`` (``a/app.py`` → ``a__app``), and ``-2``, ``-3`` … when
    two are still alike."""
    names, taken = [], set()
    for result in results:
        path = Path(result.file)
        parts = [p for p in path.with_suffix("").parts if p not in ("/", "..", ".")]
        base = re.sub(r"[^A-Za-z0-9_.-]+", "_", "__".join(parts))[-120:] or "submission"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        names.append(name)
    return names


def write_gradescope(results: list[Result], out: Path) -> list[Path]:
    """``results.json`` in ``out`` for one file; for several, one folder per file
    (``result_folders``), so no result is ever written over another."""
    written = []
    folders = result_folders(results)
    for result, name in zip(results, folders):
        folder = out if len(results) == 1 else out / name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "results.json"
        path.write_text(json_safe(json.dumps(gradescope(result), indent=2,
                                             ensure_ascii=False)) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


def render(results: list[Result], fmt: str) -> str:
    if fmt == "json":
        return as_json(results)
    if fmt == "csv":
        return gradebook(results)
    if fmt == "gradescope":
        return json_safe(json.dumps([gradescope(r) for r in results] if len(results) != 1
                                    else gradescope(results[0]), indent=2,
                                    ensure_ascii=False)) + "\n"
    return text(results)
