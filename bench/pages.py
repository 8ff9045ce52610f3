"""Benchmark: server time of one rerun of every course page (home, each lesson, each exercise,
about), measured in-process with Streamlit's AppTest.

Each page is opened once (its first run fills the content caches and records the visit), then
rerun N=20 times with ``at.run()``; the figure is the wall time of ``at.run()``, which covers the
whole script (``st.navigation``, the sidebar and the page) plus AppTest's own overhead of
starting a script thread and parsing the output — an upper bound on what a real server spends
per rerun, without the network and the browser's rendering. Target: at most 50 ms per lesson page
rerun. Progress goes to a temporary SQLite file (the repo's ``.progress/`` is untouched).

Not a timed test and no assertions: this machine is shared and noisy; compare within one run.
The last line printed is one JSON object::

    {"pages": {"home": {"rerun_p50_ms": .., "rerun_p95_ms": ..}, "cache-data": {...}, ...},
     "worst_p95_ms": .., "worst_page": ".."}
"""
from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RERUNS = 20
TARGET_MS = 50.0


def page_hashes(at) -> dict[str, str]:
    """URL path → script hash of the pages ``st.navigation`` registered (after one run).

    AppTest 1.67's ``switch_page()`` only reaches file pages; lessons and exercises are
    callable pages, so the requested page is set by its registered hash (a private attribute).
    """
    return {info["url_pathname"]: page_hash
            for page_hash, info in at._registered_pages.items()}  # noqa: SLF001


def measure(at, url_path: str, hashes: dict[str, str]) -> list[float]:
    at._page_hash = hashes[url_path]  # noqa: SLF001 — see page_hashes()
    at.run()  # warm: content caches, the visit's database write, imports
    if at.exception:
        raise RuntimeError(f"/{url_path} raised: {at.exception[0].message}")
    gc.collect()
    times = []
    for _ in range(RERUNS):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
    if at.exception:
        raise RuntimeError(f"/{url_path} raised on a rerun: {at.exception[0].message}")
    return times


def main() -> None:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SPEEDLIT_PROGRESS_URL"] = f"sqlite:///{Path(folder) / 'progress.sqlite'}"
        os.environ.setdefault("SPEEDLIT_LATENCY_SCALE", "0")
        from streamlit.testing.v1 import AppTest

        from checkers import course

        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.run()
        hashes = page_hashes(at)
        pages = {"home": ""}
        pages.update({lesson_id: lesson_id for lesson_id in course.lesson_ids()})
        pages.update({f"exercise-{e}": f"exercise-{e}" for e in course.exercise_ids()})
        pages["about"] = "about"

        results: dict[str, dict[str, float]] = {}
        print(f"{'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   ({RERUNS} reruns each)")
        for name, url_path in pages.items():
            times = sorted(measure(at, url_path, hashes))
            p50 = statistics.median(times)
            p95 = times[int(0.95 * (len(times) - 1))]
            results[name] = {"rerun_p50_ms": round(p50, 2), "rerun_p95_ms": round(p95, 2)}
            over = "  over target" if name in course.lesson_ids() and p95 > TARGET_MS else ""
            print(f"{name:<34} {p50:8.2f} {p95:8.2f} {times[-1]:8.2f}{over}")

    worst = max(results, key=lambda n: results[n]["rerun_p95_ms"])
    lessons = [results[i]["rerun_p95_ms"] for i in course.lesson_ids()]
    print(f"worst p95: {results[worst]['rerun_p95_ms']:.2f} ms ({worst}); lesson pages "
          f"p95 {min(lessons):.2f}–{max(lessons):.2f} ms against a target of {TARGET_MS:g} ms")
    print(json.dumps({"pages": results, "worst_p95_ms": results[worst]["rerun_p95_ms"],
                      "worst_page": worst}))


if __name__ == "__main__":
    main()
