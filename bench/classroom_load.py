"""Benchmark: a class of forty on one server, over Streamlit's own WebSocket protocol.

Starts a real ``streamlit run streamlit_app.py`` (headless, its own progress database), then
every simulated learner, at once and each on its own thread, does what a workshop does:

1. opens a lesson (``/cache-data``), and its "after" demo in a second connection (the iframe
   a browser opens), where they pick a region and move a slider;
2. opens an exercise, types an answer into the editor (the component's debounced event) and
   presses Check, waiting for the feedback like a browser would.

Honest learners type either the reference solution or the starter of one of several
exercises; ``--loops`` of them type an endless loop. The browser side is
``checkers.judge.browser.Tab`` (the frontend's behaviour, from the 1.67 bundle), talking to
the server through ``websockets``: nothing here reaches into the server process.

Figures: ``check_*`` — pressing Check until the page shows its answer (honest learners;
loopers reported apart); ``rerun_*`` — widget changes and typing (the page's reruns);
``open_*`` — opening a page; ``server_rss_mb`` — the most memory the server and every
process it started held at once (proportional set size, so shared pages count once; the
plain RSS sum is printed beside it). Targets on a 2-core machine: every check answered,
check p95 ≤ 3 s, rerun p95 ≤ 0.3 s, memory ≤ 800 MB.

    python bench/classroom_load.py [--learners 40] [--loops 4] [--database URL | pg-temp]

Not a timed test: this machine is shared and noisy; compare figures within one run. The last
line printed is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ws_browser import Browser  # noqa: E402

EXERCISES = ["rerun-counter", "cache-data-load", "cache-data-args", "session-counter",
             "cache-ttl", "form-batch"]
LOOP = "import streamlit as st\n\nst.title('Sales')\nwhile True:\n    pass\n"


def learner(number: int, port: int, plan: dict, figures: dict, lock: threading.Lock) -> None:
    rng = random.Random(number)
    mine = {"open": [], "rerun": [], "kinds": {}, "check": None, "answered": False, "error": None,
            "looper": plan["loop"]}
    try:
        time.sleep(rng.uniform(0, plan["ramp"]))
        main = Browser(f"127.0.0.1:{port}")
        mine["open"].append(main.open("cache-data"))
        demo = Browser(f"127.0.0.1:{port}")
        mine["open"].append(demo.open("demo-cache-data-after", "embed=true&demo=1"))
        time.sleep(rng.uniform(0.5, 2))
        mine["rerun"].append(demo.act(demo.tab.set("Region", rng.choice(["South", "East"]))))
        mine["kinds"]["demo select"] = mine["rerun"][-1]
        time.sleep(rng.uniform(0.3, 1.5))
        mine["rerun"].append(demo.act(demo.tab.set("Rows", rng.randint(11, 40))))
        mine["kinds"]["demo slider"] = mine["rerun"][-1]
        demo.close()
        time.sleep(rng.uniform(0.5, 2))
        exercise = plan["exercise"]
        mine["open"].append(main.open(f"exercise-{exercise}", main.tab.query))
        time.sleep(rng.uniform(1, 4))  # reading the task, typing
        key = main.editor()["key"]
        event = {"id": uuid.uuid4().hex[:8], "type": "change", "text": plan["code"],
                 "lang": "python"}
        mine["rerun"].append(main.act(main.tab.set(key, event)))
        mine["kinds"]["typing in the editor"] = mine["rerun"][-1]
        time.sleep(rng.uniform(0.3, 1.5))
        mine["check"] = main.act(main.tab.click(f"check:{exercise}"))
        feedback = [str(e.get("value")) for e in main.elements()
                    if e.get("type") in ("success", "warning", "error")]
        mine["answered"] = any(" points" in text or "Your app" in text for text in feedback)
        if os.environ.get("BENCH_DEBUG"):
            print(number, mine["answered"], [text[:80] for text in feedback])
        if not mine["answered"]:
            mine["error"] = "no answer on the page after Check"
        main.close()
    except Exception as exc:  # a learner who could not finish is a figure, not a crash
        mine["error"] = f"{type(exc).__name__}: {exc}"
    with lock:
        figures[number] = mine


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found


def memory(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of the server and all its processes, in MB."""
    pss = rss = 0
    for one in tree(pid):
        try:
            with open(f"/proc/{one}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            pass
    return pss / 1024, rss / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not become healthy")


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--loops", type=int, default=4, help="learners submitting endless loops")
    parser.add_argument("--database", default="", help="SQLAlchemy URL (default: a new SQLite "
                        "file); pg-temp starts a throwaway PostgreSQL (tests/databases.py)")
    parser.add_argument("--ramp", type=float, default=5.0,
                        help="learners arrive within this many seconds")
    args = parser.parse_args()

    postgres = None
    folder = tempfile.TemporaryDirectory()
    url = args.database or f"sqlite:///{Path(folder.name) / 'progress.sqlite'}"
    if url == "pg-temp":
        from tests.databases import Postgres
        postgres = Postgres()
        if not postgres.start():
            raise SystemExit(f"no PostgreSQL: {postgres.reason}")
        url = postgres.url()
    dialect = url.split(":", 1)[0].split("+")[0]

    port = free_port()
    env = {**os.environ, "SPEEDLIT_PROGRESS_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = {"pss": 0.0, "rss": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            pss, rss = memory(server.pid)
            peak["pss"], peak["rss"] = max(peak["pss"], pss), max(peak["rss"], rss)
            stop.wait(0.5)

    try:
        wait_healthy(port, server)
        warm = Browser(f"127.0.0.1:{port}")  # the first visitor: the server warms its sandboxes
        warm.open("")
        warm.close()
        time.sleep(3)
        rng = random.Random(2026)
        loopers = set(rng.sample(range(args.learners), min(args.loops, args.learners)))
        plans = {}
        for n in range(args.learners):
            exercise = EXERCISES[n % len(EXERCISES)]
            folder_ = ROOT / "exercises" / exercise
            code = LOOP if n in loopers else (folder_ / ("solution.py" if n % 2 else
                                                         "starter.py")).read_text()
            plans[n] = {"exercise": exercise, "code": code, "loop": n in loopers,
                        "ramp": args.ramp}
        figures: dict = {}
        lock = threading.Lock()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        threads = [threading.Thread(target=learner, args=(n, port, plans[n], figures, lock))
                   for n in range(args.learners)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        stop.set()
        sampler.join()
    finally:
        stop.set()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        if postgres is not None:
            postgres.stop()
        folder.cleanup()

    honest = [f for f in figures.values() if not f["looper"]]
    loops = [f for f in figures.values() if f["looper"]]
    checks = [f["check"] for f in honest if f["check"] is not None]
    reruns = [x for f in figures.values() for x in f["rerun"]]
    opens = [x for f in figures.values() for x in f["open"]]
    errors = sorted({f["error"] for f in figures.values() if f["error"]})
    print(f"learners {len(figures)} ({len(loops)} with endless loops), database {dialect}, "
          f"wall {wall:.1f} s")
    print(f"checks answered {sum(f['answered'] for f in figures.values())}/{len(figures)}; "
          f"honest p50 {percentile(checks, 0.5)} s, p95 {percentile(checks, 0.95)} s, "
          f"max {percentile(checks, 1.0)} s; loopers' checks "
          f"{[round(f['check'], 1) for f in loops if f['check']]} s")
    print(f"reruns {len(reruns)}: p50 {percentile(reruns, 0.5)} s, p95 "
          f"{percentile(reruns, 0.95)} s; page opens {len(opens)}: p50 "
          f"{percentile(opens, 0.5)} s, p95 {percentile(opens, 0.95)} s")
    for kind in ("demo select", "demo slider", "typing in the editor"):
        values = [f["kinds"][kind] for f in figures.values() if kind in f["kinds"]]
        print(f"  {kind}: p50 {percentile(values, 0.5)} s, p95 {percentile(values, 0.95)} s")
    print(f"server memory at most {peak['pss']:.0f} MB (PSS; RSS sum {peak['rss']:.0f} MB)")
    for error in errors[:5]:
        print("problem:", error)
    print(json.dumps({
        "learners": len(figures), "loopers": len(loops), "database": dialect,
        "checks_answered": sum(f["answered"] for f in figures.values()),
        "check_p50_s": percentile(checks, 0.5), "check_p95_s": percentile(checks, 0.95),
        "rerun_p50_s": percentile(reruns, 0.5), "rerun_p95_s": percentile(reruns, 0.95),
        "open_p95_s": percentile(opens, 0.95),
        "server_rss_mb": round(peak["pss"]), "server_rss_sum_mb": round(peak["rss"]),
        "errors": len([f for f in figures.values() if f["error"]]), "wall_s": round(wall, 1),
    }))


if __name__ == "__main__":
    main()
