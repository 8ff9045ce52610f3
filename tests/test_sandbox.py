"""The sandbox layer: hostile snippets come back as the right error kind within their limits,
the pool survives every one of them, secrets stay secret, and Streamlit works under the guard.

Entries live in tests/sandbox_entries.py: ``exec_source`` runs a plain script, ``apptest_source``
runs it through Streamlit's AppTest.
"""
import os
import signal
import statistics
import textwrap
import threading
import time
from pathlib import Path

import pytest

from checkers.sandbox import Job, Limits, SandboxPool

REPO = Path(__file__).resolve().parent.parent
LIMITS = Limits(wall_seconds=4, cpu_seconds=4, memory_mb=512, output_kb=256)
SECRET = "speedlit-secret-" + "b7e1c04a"
EXEC = "tests.sandbox_entries:exec_source"
APPTEST = "tests.sandbox_entries:apptest_source"


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("secret")
    path = folder / "solution.py"
    path.write_text(f"ANSWER = {SECRET!r}\n")
    return path


@pytest.fixture(scope="module")
def pool(secret_file):
    with SandboxPool(EXEC, workers=2, hide=[str(REPO), str(secret_file.parent)]) as p:
        yield p


@pytest.fixture(scope="module")
def app_pool():
    with SandboxPool(APPTEST) as p:
        yield p


def job(source: str, files=None, limits=LIMITS, **payload) -> Job:
    return Job(payload={"source": textwrap.dedent(source), **payload}, files=files or {},
               limits=limits)


def assert_alive(p: SandboxPool) -> None:
    result = p.run(job("RESULT = 6 * 7"))
    assert result.error is None, result.error
    assert result.value == {"ok": True, "result": 42}


def assert_clean(result) -> None:
    """No secret, and no grader traceback, anywhere in what the learner gets to see."""
    seen = repr(result)
    assert SECRET not in seen
    if result.error:
        assert "Traceback" not in result.error["message"]
        assert "checkers/" not in result.error["message"]


# ------------------------------------------------------------------ hostile snippets
HOSTILE = {
    "busy loop": ("while True:\n    pass\n", "timeout"),
    "memory bomb": ("x = bytearray(10**10)\n", "memory"),
    "growing list": ("hog = []\nwhile True:\n    hog.append(bytearray(10**7))\n", "memory"),
    "fork bomb": ("import os\nwhile True:\n    os.fork()\n", "forbidden"),
    "subprocess": ("import subprocess\nsubprocess.Popen(['ls', '/'])\n", "forbidden"),
    "write under /usr": ("open('/usr/x', 'w').write('x')\n", "forbidden"),
    "write via ..": ("open('/work/../etc/owned', 'w').write('x')\n", "forbidden"),
    "relative escape": ("import os\nos.mkdir('../../escape')\n", "forbidden"),
    "socket": ("import socket\nsocket.create_connection(('127.0.0.1', 80), 1)\n", "forbidden"),
    "caught socket": ("import socket\ntry:\n    socket.socket()\nexcept OSError:\n    pass\n"
                      "RESULT = 'caught it'\n", "forbidden"),
    "print 100 MB": ("print('x' * 100_000_000)\n", "output"),
    "os._exit": ("import os\nos._exit(0)\n", "crash"),
    "sys.exit": ("import sys\nsys.exit(0)\n", "crash"),
    "segfault": ("import faulthandler\nfaulthandler._read_null()\n", "crash"),
    "import the guard": ("import checkers.sandbox.guard\n", "forbidden"),
    "import the entry": ("import tests.sandbox_entries\n", "forbidden"),
    "ctypes": ("import ctypes\nctypes.CDLL(None).getpid()\n", "forbidden"),
    "grader's frames": ("import sys\nRESULT = str(sys._getframe(1).f_globals)\n", "forbidden"),
    "inspect.currentframe": ("import inspect\nf = inspect.currentframe().f_back\n", "forbidden"),
    "traceback frames": ("try:\n    1/0\nexcept Exception as e:\n"
                         "    f = e.__traceback__.tb_frame\n", "forbidden"),
    "gc walk": ("import gc\nRESULT = len(gc.get_objects())\n", "forbidden"),
    "settrace": ("import sys\nsys.settrace(lambda *a: None)\n", "forbidden"),
    "forged result": ("import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, b'{}')\n"
                      "    except OSError:\n        pass\n", "forbidden"),
    "syntax error": ("x = (\n", "syntax"),
    "runtime error": ("x = 1 / 0\n", "crash"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_snippet_gets_the_right_kind_and_the_pool_survives(pool, name):
    source, kind = HOSTILE[name]
    started = time.monotonic()
    result = pool.run(job(source))
    took = time.monotonic() - started
    assert result.error is not None and result.error["kind"] == kind, (result.error, result.stdout)
    assert result.value is None
    assert result.error["message"]
    assert took < LIMITS.wall_seconds + 3
    assert_clean(result)
    assert_alive(pool)


def test_cpu_limit_stops_a_busy_loop_before_the_wall_clock(pool):
    limits = Limits(wall_seconds=15, cpu_seconds=1, memory_mb=512)
    result = pool.run(job("while True:\n    pass\n", limits=limits))
    assert result.error["kind"] == "timeout"
    assert "CPU" in result.error["message"]
    assert result.seconds < limits.wall_seconds


def test_busy_loop_in_cached_function_under_apptest_times_out(app_pool):
    source = """
        import streamlit as st
        @st.cache_data
        def load():
            while True:
                pass
        load()
    """
    started = time.monotonic()
    result = app_pool.run(job(source))
    assert result.error["kind"] == "timeout"
    assert "4 s" in result.error["message"]
    assert time.monotonic() - started < LIMITS.wall_seconds + 3
    after = app_pool.run(job("import streamlit as st\nst.markdown('fine')\n"))
    assert after.error is None and after.value["runs"][0]["markdown"] == ["fine"]


@pytest.mark.parametrize("how", ["absolute path", "repo file", "listing"])
def test_secrets_are_forbidden_and_never_shown(pool, secret_file, how):
    source = {
        "absolute path": f"print(open({str(secret_file)!r}).read())\n",
        "repo file": f"print(open({str(REPO / 'tests' / 'test_sandbox.py')!r}).read())\n",
        "listing": f"import os\nprint(os.listdir({str(REPO)!r}))\n",
    }[how]
    result = pool.run(job(source))
    assert result.error["kind"] == "forbidden"
    assert "read" in result.error["message"]
    assert "test_sandbox.py" not in result.stdout
    assert_clean(result)
    assert_alive(pool)


def test_killing_the_parent_is_forbidden_and_the_zygote_lives(pool):
    pids = [info["pid"] for info in pool.workers_info() if info]
    result = pool.run(job("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"))
    assert result.error["kind"] == "forbidden"
    assert "signal" in result.error["message"]
    for pid in pids:
        os.kill(pid, 0)
    assert_alive(pool)
    assert [info["pid"] for info in pool.workers_info() if info] == pids


# ------------------------------------------------------------------ what must keep working
def test_benign_job_reports_its_isolation(pool):
    result = pool.run(job("print('hello')\nRESULT = 'done'\n"))
    assert result.error is None
    assert result.value == {"ok": True, "result": "done"}
    assert result.stdout == "hello\n"
    iso = result.isolation
    assert iso["guard"] == "audit hook" and iso["limits"]["cpu_seconds"] == LIMITS.cpu_seconds
    if os.geteuid() == 0:
        assert iso["level"] == "strong", iso
        assert iso["network"] == "none (namespace)" and iso["filesystem"] == "private root"
        assert iso["user"].startswith("uid ") and iso["processes"] == "own pid namespace"


def test_inside_the_sandbox_the_world_is_small(pool):
    result = pool.run(job("""
        import os
        paths = ["/work", "/tmp", "/usr", "/dev/null", "/home", "/root/.bashrc", "/proc/self",
                 "/etc/passwd", "/sys", %r]
        RESULT = {"uid": os.getuid(), "cwd": os.getcwd(),
                  "exists": [p for p in paths if os.path.exists(p)]}
    """ % str(REPO)))
    assert result.error is None, result.error
    if result.isolation["filesystem"] != "private root":
        pytest.skip(f"no private root here: {result.isolation.get('missing')}")
    seen = result.value["result"]
    assert seen["cwd"] == "/work"
    assert seen["exists"] == ["/work", "/tmp", "/usr", "/dev/null"]
    if result.isolation["level"] == "strong":
        assert seen["uid"] >= 100000


def test_files_handed_out_are_readable_and_writable_in_cwd(pool):
    files = {"data.csv": b"a,b\n1,2\n3,4\n", "nested/note.txt": b"hi"}
    result = pool.run(job("""
        import os, tempfile
        import pandas as pd
        df = pd.read_csv("data.csv")
        df.to_csv("out.csv")
        scratch = os.path.join(tempfile.gettempdir(), "scratch.txt")
        open(scratch, "w").write("ok")
        RESULT = [int(df["b"].sum()), open("nested/note.txt").read(), open(scratch).read()]
    """, files=files))
    assert result.error is None, result.error
    assert result.value["result"] == [6, "hi", "ok"]


def test_lazy_stdlib_imports_work_inside(pool):
    result = pool.run(job("""
        import json, decimal, sqlite3, statistics, fractions, zoneinfo, csv, logging
        from collections import namedtuple
        import typing, enum, traceback
        db = sqlite3.connect(":memory:")
        Point = namedtuple("Point", "x y")
        T = typing.TypeVar("T")
        Color = enum.Enum("Color", "RED GREEN")
        logging.getLogger("app").warning("logged")
        try:
            1 / 0
        except ZeroDivisionError:
            text = traceback.format_exc()
        RESULT = [db.execute("select 2 + 3").fetchone()[0], str(decimal.Decimal("1.10")),
                  statistics.mean([1, 2, 3]), Point(1, 2).y, Color.RED.value,
                  "ZeroDivision" in text]
    """))
    assert result.error is None, (result.error, result.stdout)
    assert result.value["result"] == [5, "1.10", 2, 2, 1, True]
    assert "logged" in result.stdout


def test_jobs_do_not_share_streamlit_caches(pool):
    source = """
        import streamlit as st
        misses = 0
        @st.cache_data
        def load(n):
            global misses
            misses += 1
            return n
        load(1)
        load(1)
        RESULT = misses
    """
    first, second = pool.run(job(source)), pool.run(job(source))
    assert first.value["result"] == 1 and second.value["result"] == 1


def test_streamlit_features_work_under_the_guard(app_pool):
    source = """
        import streamlit as st, pandas as pd, numpy as np, time
        @st.cache_data
        def load(n):
            return pd.DataFrame({"x": np.arange(n), "y": np.arange(n) * 2.0})
        @st.cache_resource
        def model():
            return {"w": 2}
        df = load(5)
        st.dataframe(df)
        st.line_chart(df, x="x", y="y")
        pick = st.selectbox("pick", ["a", "b"], key="pick")
        with st.spinner("wait"):
            time.sleep(0.01)
        st.progress(50)
        @st.fragment
        def part():
            st.markdown(f"fragment sees {pick}")
        part()
        if "ran" not in st.session_state:
            st.session_state.ran = True
            st.rerun()
        st.markdown(f"model {model()['w']}")
    """
    result = app_pool.run(job(source, runs=[{}, {"select": ["pick", "b"]}]))
    assert result.error is None, (result.error, result.stdout)
    first, second = result.value["runs"]
    assert first["exceptions"] == [] and second["exceptions"] == []
    assert first["markdown"] == ["fragment sees a", "model 2"]
    assert second["markdown"] == ["fragment sees b", "model 2"]


def test_entry_errors_pass_through(pool):
    result = pool.run(job("ERROR = {'kind': 'timeout', 'message': 'AppTest gave up'}\n"))
    assert result.error == {"kind": "timeout", "message": "AppTest gave up"}
    assert result.value is None


def test_map_keeps_order_and_loses_nothing(pool):
    sources = ["RESULT = 1", "import os\nos._exit(3)", "RESULT = 3", "while True:\n    pass",
               "RESULT = 5"]
    limits = Limits(wall_seconds=2, cpu_seconds=2, memory_mb=512)
    results = pool.map([job(s, limits=limits) for s in sources])
    assert [r.value["result"] if r.value else r.error["kind"] for r in results] == \
        [1, "crash", 3, "timeout", 5]
    assert "exit code 3" in results[1].error["message"]


def test_a_dead_zygote_is_replaced_and_its_job_answered():
    with SandboxPool(EXEC) as p:
        assert_alive(p)
        victim = p.workers_info()[0]["pid"]
        threading.Timer(0.5, os.kill, (victim, signal.SIGKILL)).start()
        result = p.run(job("import time\ntime.sleep(3)\n"))
        assert result.error["kind"] == "crash"
        assert_alive(p)
        assert p.workers_info()[0]["pid"] != victim


def test_per_job_overhead(pool):
    trivial = job("RESULT = None")
    pool.run(trivial)
    rounds = [pool.run(trivial) for _ in range(20)]
    zygote_ms = statistics.median(r.seconds for r in rounds) * 1000
    enter_ms = statistics.median(r.isolation["enter_ms"] for r in rounds)
    started = time.perf_counter()
    for _ in range(20):
        pool.run(trivial)
    round_trip_ms = (time.perf_counter() - started) / 20 * 1000
    print(f"\nper-job overhead: {zygote_ms:.1f} ms in the zygote (fork to reap), "
          f"{round_trip_ms:.1f} ms round trip, enter_sandbox {enter_ms:.1f} ms")
    assert all(r.error is None for r in rounds)
    assert zygote_ms < 2000 and round_trip_ms < 2000
