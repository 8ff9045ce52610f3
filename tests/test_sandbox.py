"""The sandbox: each job's app runs in a process that was never anything else, under every
layer the host offers, limited as a whole, and nothing of it outlives it or reaches the next.

Most tests run real apps under the judge (``Grader.run_app``). The ``bare`` grader leaves the
audit-hook tripwire out, to prove the kernel layers hold on their own: attacks that slip past
an audit hook (native code, raw syscalls) must still fail.
"""
import glob
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from checkers.display import flatten
from checkers.grading import Grader
from checkers.sandbox import Limits
from checkers.sandbox.isolation import LAYERS
from checkers.spec import rerun, start

pytestmark = pytest.mark.sandbox
REPO = Path(__file__).resolve().parent.parent
SECRET_URL = "postgresql://teacher:hunter2-in-env@db/progress"
LIMITS = Limits(wall_seconds=6, cpu_seconds=2, memory_mb=400, output_kb=256)


@pytest.fixture(scope="module")
def grader():
    os.environ["SPEEDLIT_PROGRESS_URL"] = SECRET_URL
    try:
        with Grader(workers=1) as g:
            yield g
    finally:
        os.environ.pop("SPEEDLIT_PROGRESS_URL", None)


@pytest.fixture(scope="module")
def bare():
    with Grader(workers=1, guard=False) as g:
        yield g


def page(grader, source, scenario=None, limits=Limits()):
    outcome = grader.run_app(textwrap.dedent(source), scenario or [start()], limits)
    return outcome, [e.get("value") for s in (outcome.value or {}).get("steps", [])
                     for e in flatten(s["display"])]


def attempt(grader, code: str) -> str:
    """Run ``code`` in an app; 'ok', or the name of the exception it raised."""
    source = ("import streamlit as st\ntry:\n"
              + textwrap.indent(textwrap.dedent(code), "    ")
              + "\n    st.write('RESULT ok')\nexcept BaseException as exc:\n"
              "    st.write('RESULT ' + type(exc).__name__ + ' ' + str(exc)[:80])\n")
    outcome, shown = page(grader, source)
    assert outcome.error is None, outcome.error
    return next(v for v in shown if isinstance(v, str) and v.startswith("RESULT "))[7:]


def test_every_layer_is_in_force_and_reported(grader):
    outcome, _ = page(grader, "import streamlit as st\nst.write('hi')\n")
    report = outcome.isolation
    assert report["confined"] and report["level"] == "strong" and report["missing"] == []
    assert list(report["layers"]) == list(LAYERS)
    assert all(info["in_force"] for info in report["layers"].values())


def test_zygotes_are_warm_single_threaded_and_in_pid_namespaces(grader):
    for info in grader.pool.workers_info():
        assert info["threads"] == 1 and info["pidns"] and info["cgroups"]


def test_the_app_sees_no_secret_environment_and_no_course_code(grader):
    outcome, shown = page(grader, """
        import os, sys, linecache, streamlit as st
        st.write("ENV " + " ".join(sorted(os.environ)))
        st.write("VALUES " + " ".join(os.environ.values()))
        st.write("MODULES " + " ".join(sorted(m for m in sys.modules if m.startswith("checkers"))))
        st.write("LINES " + " ".join(sorted(linecache.cache)))
    """)
    text = " ".join(str(v) for v in shown)
    assert "hunter2" not in text and "SPEEDLIT_PROGRESS_URL" not in text
    modules = next(v for v in shown if str(v).startswith("MODULES")).split()[1:]
    for forbidden in ("checkers.course", "checkers.grading", "checkers.services",
                      "checkers.judge", "checkers.spec"):
        assert forbidden not in modules
    lines = next(v for v in shown if str(v).startswith("LINES")).split()[1:]
    assert not any("exercises" in name or "solution" in name for name in lines)


def _zygote_memory(pid: int) -> bytes:
    """Every readable byte of a process's memory (the test runs as root)."""
    chunks = []
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            span, perms = line.split()[:2]
            if "r" not in perms or line.rstrip().endswith(("[vvar]", "[vsyscall]")):
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            try:
                mem.seek(start)
                chunks.append(mem.read(end - start))
            except (OSError, OverflowError, ValueError):
                continue
    return b"".join(chunks)


def test_a_submission_never_enters_the_zygotes_memory(grader):
    marker = "speedlit-marker-" + "7f3a91c2e5"
    outcome, shown = page(grader, f"""
        import streamlit as st
        SECRET = {marker!r}
        print(SECRET * 3)
        st.write(SECRET)
    """)
    assert marker in shown and marker in outcome.output
    (info,) = grader.pool.workers_info()
    assert marker.encode() not in _zygote_memory(info["pid"])


def test_without_the_tripwire_the_kernel_still_refuses(bare):
    report = page(bare, "import streamlit as st\nst.write(1)\n")[0].isolation
    assert "guard" not in report["layers"] and report["confined"]
    refused = {
        "fork": "import os\nos.fork()",
        "subprocess": "import subprocess\nsubprocess.run(['/bin/true'])",
        "fork_exec": "import _posixsubprocess, os\n"
                     "_posixsubprocess.fork_exec([b'/bin/true'], [b'/bin/true'], True, (), "
                     "None, None, -1, -1, -1, -1, -1, -1, *os.pipe(), False, False, -1, None, "
                     "None, None, -1, None, False)",
        "tcp": "import socket\nsocket.socket(socket.AF_INET).connect(('127.0.0.1', 9))",
        "udp": "import socket\nsocket.socket(socket.AF_INET6, socket.SOCK_DGRAM)",
        "solution": f"open({str(REPO / 'exercises/cache-data-load/solution.py')!r}).read()",
        "proc": "open('/proc/1/environ').read()",
        "write-usr": "open('/usr/planted', 'w')",
        "msgget": "import ctypes\nassert ctypes.CDLL(None, use_errno=True).msgget(0, 0o1666) >= 0"
                  ", ctypes.get_errno()",
        "ptrace": "import ctypes\nassert ctypes.CDLL(None).ptrace(16, 1, 0, 0) == 0",
        "unshare": "import ctypes\nassert ctypes.CDLL(None).unshare(0x10000000) == 0",
    }
    for name, code in refused.items():
        assert attempt(bare, code) != "ok", name
    assert attempt(bare, "import threading\nt = threading.Thread(target=print)\nt.start()\n"
                         "t.join()") == "ok"


def test_the_tripwire_names_what_was_tried_even_when_the_app_catches_it(grader):
    for code, said in (("import subprocess\nsubprocess.run(['/bin/true'])",
                        "Your code tried to start another process (subprocess)"),
                       ("import socket\nsocket.create_connection(('10.0.0.1', 80), 1)",
                        "Your code tried to open a network connection")):
        source = ("import streamlit as st\ntry:\n" + textwrap.indent(code, "    ")
                  + "\nexcept Exception:\n    st.write('nothing to see')\n")
        outcome, shown = page(grader, source)
        assert "nothing to see" not in shown or outcome.error
        assert outcome.error["kind"] == "forbidden" and outcome.error["message"].startswith(said)


def test_memory_is_limited_for_the_job_as_a_whole(bare):
    outcome, _ = page(bare, """
        import threading, streamlit as st
        hoard = []
        def grab():
            for _ in range(100):
                hoard.append(bytearray(8 << 20))
        threads = [threading.Thread(target=grab) for _ in range(3)]
        for t in threads: t.start()
        for t in threads: t.join()
        st.write(len(hoard))
    """, limits=LIMITS)
    assert outcome.error["kind"] == "memory", outcome.error


def test_cpu_is_limited_for_the_job_as_a_whole(bare):
    started = time.monotonic()
    outcome, _ = page(bare, """
        import threading, streamlit as st
        def spin():
            while True:
                pass
        for _ in range(2):
            threading.Thread(target=spin, daemon=True).start()
        import time
        time.sleep(30)
    """, limits=LIMITS)
    assert outcome.error["kind"] == "timeout", outcome.error
    assert time.monotonic() - started < LIMITS.wall_seconds + 8


def test_nothing_a_job_starts_outlives_it(bare):
    outcome, shown = page(bare, """
        import threading, time, streamlit as st
        threading.Thread(target=lambda: time.sleep(300), daemon=False).start()
        st.write("left a thread behind")
    """)
    assert outcome.error is None and outcome.ending.exit is not None and outcome.pid
    with pytest.raises(ProcessLookupError):
        os.kill(outcome.pid, 0)  # gone, its thread with it
    (info,) = bare.pool.workers_info()
    groups = glob.glob(f"/sys/fs/cgroup/**/speedlit-{info['pid']}-*/cgroup.procs",
                       recursive=True)
    assert groups, "the job ran in no cgroup"
    left = {int(pid) for procs in groups for pid in Path(procs).read_text().split()}
    assert outcome.pid not in left and len(left) <= 1  # at most the next job's child, waiting


def test_job_cgroups_are_removed_with_their_zygote():
    with Grader(workers=1) as grader:
        page(grader, "import streamlit as st\nst.write(1)\n")
        (info,) = grader.pool.workers_info()
        assert glob.glob(f"/sys/fs/cgroup/**/speedlit-{info['pid']}-*", recursive=True)
    assert glob.glob(f"/sys/fs/cgroup/**/speedlit-{info['pid']}-*", recursive=True) == []


def test_a_busy_loop_inside_a_cached_function_times_out(grader):
    outcome, _ = page(grader, """
        import streamlit as st
        @st.cache_data
        def forever():
            while True:
                pass
        forever()
    """, limits=Limits(wall_seconds=3, cpu_seconds=2))
    assert outcome.error["kind"] == "timeout"


def test_printing_without_end_is_stopped(grader):
    outcome, _ = page(grader, """
        import streamlit as st
        while True:
            print("x" * 10000)
    """, limits=LIMITS)
    assert outcome.error["kind"] == "output"


def test_a_dead_zygote_is_replaced():
    with Grader(workers=1) as grader:
        (info,) = grader.pool.workers_info() or [None]
        assert page(grader, "import streamlit as st\nst.write(1)\n")[0].error is None
        (info,) = grader.pool.workers_info()
        os.kill(info["pid"], 9)
        time.sleep(0.2)
        outcome, _ = page(grader, "import streamlit as st\nst.write(2)\n")
        if outcome.error:  # the job that met the dead zygote is answered, not lost
            assert outcome.error["kind"] == "sandbox"
            outcome, _ = page(grader, "import streamlit as st\nst.write(2)\n")
        assert outcome.error is None


def weak_host(mode: str, **env) -> dict:
    done = subprocess.run([sys.executable, str(REPO / "tests" / "weak_host.py"), mode],
                          cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def as_root():
    if os.geteuid() != 0:
        pytest.skip("simulating a weak host drops capabilities, which needs root")


def test_weak_host_confines_with_landlock_and_seccomp(as_root):
    report = weak_host("no-namespaces")
    layers = report["isolation"]["layers"]
    assert not layers["filesystem"]["in_force"] and not layers["network"]["in_force"]
    assert layers["landlock"]["in_force"] and layers["seccomp"]["in_force"]
    assert report["isolation"]["confined"] and report["isolation"]["level"] == "partial"
    assert "hunter2" not in report["page"]
    for name, attack in report["attacks"].items():
        assert attack["refused"] and not attack["done"] and not attack["leaked"], name
    assert report["planted"] == []


def test_weak_host_without_confinement_refuses_and_says_why(as_root):
    report = weak_host("nothing")
    assert report["error"]["kind"] == "sandbox"
    message = report["error"]["message"]
    assert "cannot keep learner code away from its files and network" in message
    assert "landlock" in message and "SPEEDLIT_ALLOW_UNCONFINED" in message


def test_weak_host_opted_in_grades_and_says_it_is_unsafe(as_root):
    report = weak_host("nothing", SPEEDLIT_ALLOW_UNCONFINED="1")
    assert report["error"] is None
    assert report["isolation"]["level"] == "unsafe" and not report["isolation"]["confined"]


def test_the_cli_refuses_on_a_weak_host_and_says_why(as_root):
    done = subprocess.run([sys.executable, str(REPO / "tests" / "weak_host.py"), "nothing",
                           "--exec", sys.executable, "-m", "checkers", "grade",
                           "cache-data-load", "exercises/cache-data-load/solution.py"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr.startswith("python -m checkers: Grading is switched off on this server")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_the_tripwire_lets_python_read_its_own_installation_inside_a_hidden_folder(tmp_path):
    """CI keeps its virtual environment in the course's folder, which the sandbox hides: the
    installation must stay readable there, and nothing else in the folder."""
    import sys as _sys

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        from checkers.sandbox.guard import install_guard

        course = os.path.dirname(_sys.prefix)
        install_guard(str(tmp_path), hide=[course], tmpdir=str(tmp_path))
        outcome = {}
        for name, path in (("stdlib", os.__file__), ("next to it", os.path.join(
                course, "planted-secret.txt"))):
            try:
                open(path).close()
                outcome[name] = "read"
            except FileNotFoundError:
                outcome[name] = "read"  # allowed by the tripwire, only missing
            except PermissionError:
                outcome[name] = "refused"
        os.write(write, json.dumps(outcome).encode())
        os._exit(0)
    os.close(write)
    got = json.loads(os.read(read, 4096))
    os.waitpid(pid, 0)
    assert got == {"stdlib": "read", "next to it": "refused"}, got


def _private_dirty_kb(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        return next(int(line.split()[1]) for line in rollup if line.startswith("Private_Dirty:"))


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def test_zygotes_share_the_mothers_preloaded_heap():
    """Every zygote of a pool is forked from one mother that imported and warmed up once: the
    heap is shared copy-on-write, so three zygotes together hold less memory of their own
    than a single zygote that warmed up by itself."""
    import socket

    from checkers.sandbox.pool import SandboxPool, _command, _environment

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    alone = subprocess.Popen(_command(["--control", str(theirs.fileno())], [str(REPO)], True),
                             cwd=REPO, env=_environment(), stdin=subprocess.DEVNULL,
                             pass_fds=(theirs.fileno(),))
    theirs.close()
    try:
        assert json.loads(ours.recv(1 << 16))["ready"]
        standalone = _private_dirty_kb(alone.pid)
    finally:
        ours.close()
        alone.wait(timeout=30)
    with SandboxPool(workers=3) as pool:
        infos = [worker.ready() for worker in pool._workers]
        mother = pool._mother.pid()
        pids = [info["pid"] for info in infos]
        assert len(set(pids)) == 3 and mother not in pids and mother != os.getpid()
        assert [_parent(pid) for pid in pids] == [mother] * 3
        shared = sum(_private_dirty_kb(pid) for pid in pids)
        assert shared < standalone / 2, (shared, standalone)
        with pool.start() as app:  # and they work
            assert app.pid
    for pid in pids + [mother]:
        assert not os.path.exists(f"/proc/{pid}"), pid
