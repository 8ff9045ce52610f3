"""Benchmark: grading speed of `cache-data-load` submissions, as a teacher's batch would run.

Writes 200 submissions (alternating the reference solution and the slow starter, each made
unique by a comment), grades them with `python -m checkers grade … --jobs 2 --format json`
exactly as a teacher would, and reports the per-submission grading time (p50, p95, from each
result's `execution_time`) and the wall time of the whole batch, worker start-up included.
Not a timed test: this machine is shared and noisy; compare figures within one run.
"""
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = ROOT / "exercises" / "cache-data-load"
COUNT = 200


def main() -> None:
    solution = (EXERCISE / "solution.py").read_text()
    starter = (EXERCISE / "starter.py").read_text()
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for n in range(COUNT):
            path = Path(folder) / f"learner_{n:03d}.py"
            path.write_text(f"# learner {n}\n" + (solution if n % 2 == 0 else starter))
            files.append(str(path))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "checkers", "grade", "cache-data-load",
                               *files, "--jobs", "2", "--format", "json"],
                              cwd=ROOT, capture_output=True, text=True)
        batch = time.perf_counter() - started
    results = json.loads(done.stdout)
    times = sorted(r["execution_time"] for r in results)
    passed = sum(r["passed"] for r in results)
    p50 = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"graded {len(results)} submissions ({passed} passed) with --jobs 2")
    print(f"per submission: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(f"batch of {COUNT}: {batch:.1f} s wall, worker start-up included")
    print(json.dumps({"p50_s": round(p50, 4), "p95_s": round(p95, 4),
                      "batch_200_s": round(batch, 2), "submissions": len(results),
                      "passed": passed}))


if __name__ == "__main__":
    main()
