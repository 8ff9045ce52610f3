"""Red team: hostile submissions, graded the way the course grades learners.

Every attack program is a Streamlit app a learner could hand in, in ``tests/hostile/`` (its
docstring says what it attacks and what must happen), plus a few one-liners below. Each test
asserts the *secure* outcome: a forgery is not passed, a secret appears in no result field,
a limit holds, a poisoned file gets its own clear error while the rest of its batch is graded,
and the grader is alive afterwards. A failing test here is an attack that works.

Most attacks target ``cache-data-load`` with tight limits (``FAST``), on one grader per module.
"""
from __future__ import annotations

import base64
import dataclasses
import gc
import json
import os
import re
import secrets
import subprocess
import sys
import time
import unicodedata
import zlib
from pathlib import Path

import pytest

from checkers import course
from checkers.grading import Grader
from checkers.sandbox import Limits

pytestmark = pytest.mark.sandbox

REPO = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
EXERCISE = course.load_exercise("cache-data-load")
LIMITS = Limits(wall_seconds=4, cpu_seconds=3, memory_mb=400, output_kb=256)
# Every check judged on its own (no ``requires``): a forged page must fail the page check
# itself, not only because the loading check failed first.
FAST = dataclasses.replace(EXERCISE, limits=LIMITS, checks=tuple(
    dataclasses.replace(c, requires=()) for c in EXERCISE.checks))
SLACK = 3.0  # a grading ends within its wall limit plus this, whatever the file does
SECRET_URL = "postgresql://speedlit:hunter2-red-team@db.internal/progress"
SOLUTION_PATH = EXERCISE.folder / "solution.py"
LOADED_ONCE = "The dataset is loaded once"
RIGHT_CACHE = "The DataFrame is cached with st.cache_data"
SAME_DISPLAY = "The page looks as it should, after every step"
GRADER_FAULT = "not your fault"
HEAD = "import streamlit as st\nimport os, sys\n"
FORGE = (HOSTILE / "_forge.py").read_text(encoding="utf-8").split('"""', 2)[2]
SALES_CSV = base64.b85encode(zlib.compress((REPO / "assets" / "sales.csv").read_bytes(), 9)
                             ).decode("ascii")


def source(name: str) -> str:
    """A hostile program as the CLI reads it (bytes that are not UTF-8 survive as surrogates),
    with the shared forging helpers (``_forge.py``) inlined and the course's sales CSV
    embedded where it says ``__SALES_CSV__`` (a learner can copy the public file into their
    code; the attack files stay short)."""
    text = (HOSTILE / f"{name}.py").read_bytes().decode("utf-8", "surrogateescape")
    text = re.sub(r"^from _forge import .*$", lambda _: FORGE, text, flags=re.M)
    return text.replace("__SALES_CSV__", SALES_CSV)


def everything(result) -> str:
    """Every field of a result a learner or teacher might see, as one text."""
    return json.dumps(result.to_dict(with_observed=True), ensure_ascii=False, default=str) + \
        result.output


def check(result, name: str):
    return next(c for c in result.checks if c.name == name)


def graded(grader, text: str, file: str, exercise=FAST):
    started = time.monotonic()
    result = grader.grade(exercise, text, file)
    return result, time.monotonic() - started


def assert_sane(result, took: float, exercise=FAST) -> None:
    """What every hostile file's result must satisfy, whatever it attacked."""
    assert not result.passed, result.headline
    assert took < exercise.limits.wall_seconds + SLACK, f"took {took:.1f} s: {result.headline}"
    if result.error:
        assert result.error["kind"] in ("timeout", "memory", "output", "crash", "forbidden",
                                        "syntax"), result.error
        assert result.error["message"] and "Traceback" not in result.error["message"]
    text = everything(result)
    assert EXERCISE.solution not in text
    assert "@st.cache_data  # data: loaded once" not in text
    assert SECRET_URL not in text and "hunter2" not in text


def peak_rss_mb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) >> 10
    return 0


def rss_mb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) >> 10
    return 0


def reset_peak_rss() -> None:
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


@pytest.fixture(scope="module")
def grader():
    """One grader for the module, created while the server holds a database secret."""
    saved = os.environ.get("SPEEDLIT_PROGRESS_URL")
    os.environ["SPEEDLIT_PROGRESS_URL"] = SECRET_URL
    try:
        with Grader(workers=2) as g:
            assert g.grade(FAST, EXERCISE.solution, "warm.py").passed
            yield g
    finally:
        if saved is None:
            os.environ.pop("SPEEDLIT_PROGRESS_URL", None)
        else:
            os.environ["SPEEDLIT_PROGRESS_URL"] = saved


def assert_healthy(grader) -> None:
    result = grader.grade(FAST, EXERCISE.solution, "after.py")
    assert result.passed and result.score == result.max_score, result.headline


# ===================================================================== 3/5: limits, sandbox
INLINE = {
    "busy loop": ("while True:\n    pass\n", {"timeout"}),
    "busy loop in a cached function": (
        "@st.cache_data\ndef load():\n    while True:\n        pass\nload()\n", {"timeout"}),
    "memory bomb": ("hog = []\nwhile True:\n    hog.append(bytearray(10**7))\n", {"memory"}),
    "huge allocation": ("x = bytearray(10**11)\n", {"memory"}),
    "fork bomb": ("while True:\n    os.fork()\n", {"forbidden"}),
    "subprocess": ("import subprocess\nsubprocess.run(['ls', '/'])\n", {"forbidden"}),
    "read the solution": (f"st.code(open({str(SOLUTION_PATH)!r}).read())\n", {"forbidden"}),
    "write outside its folder": ("open('/usr/local/owned.txt', 'w').write('x')\n",
                                 {"forbidden"}),
    "write via parent dir": ("open('../../etc/owned', 'w').write('x')\n", {"forbidden"}),
    "open a socket": ("import socket\nsocket.create_connection(('127.0.0.1', 80), 1)\n",
                      {"forbidden"}),
    "print 100 MB": ("print('x' * 100_000_000)\n", {"output"}),
    "os._exit": ("os._exit(0)\n", {"crash"}),
    # sys.exit at the top of a script: Streamlit's run never finishes, and the learner hears
    # "Look for a loop that never ends" after the whole wall limit.
    "sys.exit": ("sys.exit(0)\n", {"crash"}),
    "kill its parent": ("import signal\nos.kill(os.getppid(), signal.SIGKILL)\n",
                        {"forbidden"}),
    "import the engine": ("import checkers.grading\n", {"forbidden"}),
    "import the judge": ("import checkers.judge.scenario\n", {"forbidden"}),
    "walk the grader's frames": ("f = sys._getframe(1)\nst.write(str(f.f_globals))\n",
                                 {"forbidden"}),
    "ctypes": ("import ctypes\nctypes.CDLL(None).getpid()\n", {"forbidden"}),
}

FILES = {
    "limit_fork_exec": {"crash", "forbidden"},
    "limit_memory_threads": {"memory"},
    "limit_cpu_threads": {"timeout"},
    "limit_thread_bomb": {"crash", "timeout", "memory"},
    "limit_sysv_ipc": {"forbidden"},
    "limit_signals": {"forbidden"},
    "limit_disk_fill": {"crash"},
    "leak_solution_paths": {"forbidden"},
    "frame_oversized": {"forbidden"},
    "frame_unknown_kind": {"forbidden"},
    "frame_garbage_protobuf": {"forbidden"},
    "frame_deep_json": {"forbidden"},
}


@pytest.mark.parametrize("name", list(INLINE))
def test_inline_attack_fails_with_the_right_kind(grader, name):
    text, kinds = INLINE[name]
    result, took = graded(grader, HEAD + text, f"{name}.py")
    assert_sane(result, took)
    assert result.error and result.error["kind"] in kinds, result.error
    assert_healthy(grader)


@pytest.mark.parametrize("name", list(FILES))
def test_hostile_file_fails_with_the_right_kind(grader, name):
    result, took = graded(grader, source(name), f"{name}.py")
    assert_sane(result, took)
    assert result.error and result.error["kind"] in FILES[name], result.error
    assert "LEAKED" not in result.output and "STARTED" not in result.output
    assert_healthy(grader)


def test_kernel_layers_hold_with_the_guard_switched_off(grader):
    """guard_off_ctypes.py empties the interpreter's audit-hook list, then tries everything."""
    result, took = graded(grader, source("guard_off_ctypes"), "guard_off_ctypes.py")
    assert_sane(result, took)
    line = next((l for l in result.output.splitlines() if l.startswith("GUARD-OFF ")), None)
    assert line, result.output[-2000:]
    attempts = json.loads(line[len("GUARD-OFF "):])
    guard_only = {"guard", "ctypes call", "heap walk"}  # the guard's business, not the kernel's
    escaped = {k: v for k, v in attempts.items() if k not in guard_only
               and str(v).startswith("ESCAPED")}
    assert not escaped, escaped
    assert_healthy(grader)


def test_switching_the_tripwire_off_earns_nothing(grader):
    """A ctypes Union that puns ints into pointers reads and writes any memory of its own
    process without one audit event, so the guard (a tripwire inside that process) can be
    switched off unnoticed. That is why it is not the boundary: after it is off, nothing
    escapes (test above) and the grade is not a pass."""
    result, took = graded(grader, source("guard_off_ctypes"), "guard_off_ctypes.py")
    assert_sane(result, took)
    assert result.score < result.max_score


# ===================================================================== 1: forged passes
@pytest.mark.parametrize("name", ["forge_fake_finish", "forge_replay_page",
                                  "forge_hardcoded_data"])
def test_forgery_of_the_slow_starter_is_not_passed(grader, name):
    result, took = graded(grader, source(name), f"{name}.py")
    assert_sane(result, took)
    assert result.score < result.max_score
    assert_healthy(grader)


def test_hardcoded_data_is_never_counted_as_loaded(grader):
    result, _ = graded(grader, source("forge_hardcoded_data"), "forge_hardcoded_data.py")
    assert not check(result, LOADED_ONCE).passed
    assert not check(result, SAME_DISPLAY).passed


def test_the_page_cannot_be_right_without_asking(grader):
    """forge_variant_from_connect.py learns the variant from ``speedlit.connect()`` and
    computes the variant's sales table itself, never calling ``read_sales``."""
    result, took = graded(grader, source("forge_variant_from_connect"),
                          "forge_variant_from_connect.py")
    assert_sane(result, took)
    assert not check(result, LOADED_ONCE).passed  # it never asked...
    assert not check(result, SAME_DISPLAY).passed, \
        "...yet its page equals the reference: the variant leaked and the data was forged"


SMALL = {  # one-line forgeries: (source, a check that must fail)
    "st.stop before the solution": (HEAD + "st.stop()\n" + EXERCISE.solution, LOADED_ONCE),
    "speedlit.slow silenced in the starter": (
        HEAD + "import speedlit\nspeedlit.slow = lambda *a, **k: None\n" + EXERCISE.starter,
        LOADED_ONCE),
    "an object equal to everything": (
        HEAD + "class Anything:\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = object.__hash__\n"
        "st.title(Anything())\nst.write(Anything())\nst.session_state.x = Anything()\n",
        SAME_DISPLAY),
}


@pytest.mark.parametrize("name", list(SMALL))
def test_small_forgeries_are_not_passed(grader, name):
    text, failing = SMALL[name]
    result, took = graded(grader, text, "small.py")
    assert_sane(result, took)
    assert not check(result, failing).passed, result.headline


def test_a_claimed_fragment_run_is_not_believed(grader):
    """forge_fragment_claim.py (fragment-chart): no fragment at all, but every rerun announces
    itself as a fragment run in its new_session message."""
    exercise = dataclasses.replace(course.load_exercise("fragment-chart"), limits=LIMITS)
    result, took = graded(grader, source("forge_fragment_claim"), "forge_fragment_claim.py",
                          exercise)
    assert took < LIMITS.wall_seconds + SLACK
    alone = check(result, "Changing the metric reruns only the chart section")
    assert not result.passed and not alone.passed, \
        f"{result.headline}: the whole script reran, the judge believed the app's word"


# Cache in disguise: these really read the file once (the judge counts right), but share one
# DataFrame object between every session instead of st.cache_data's copy per caller — or, for
# session_state, read it once per visitor. The judge sees which Streamlit cache each read ran in.
@pytest.mark.parametrize("name", ["forge_patched_speedlit", "forge_patched_backend",
                                  "forge_builtins_stash"])
def test_exercise_gap_shared_dataframe_behind_a_monkeypatch_loses_the_point(grader, name):
    result, took = graded(grader, source(name), f"{name}.py")
    assert took < LIMITS.wall_seconds + SLACK
    assert not check(result, RIGHT_CACHE).passed, \
        f"{name}: {result.headline} — one DataFrame shared by all sessions, check passed"


def test_exercise_gap_session_state_is_not_loading_once(grader):
    result, _ = graded(grader, source("forge_session_state"), "forge_session_state.py")
    assert result.score < result.max_score, \
        f"{result.headline}: st.session_state reads the file once per visitor"


# ===================================================================== 2: leaks
def test_the_variant_seed_is_not_given_to_the_app(grader):
    result, took = graded(grader, source("leak_variant_connect"), "leak_variant_connect.py")
    assert took < LIMITS.wall_seconds + SLACK
    text = everything(result)
    leaked = [v for v in grader.variants if re.search(rf"(?<!\d){v}(?!\d)", text)]
    assert not leaked, f"variant seed(s) {leaked} shown by the app: {result.output[-200:]}"


def test_what_one_grading_shows_does_not_forge_a_later_page(grader):
    """leak_collect_variant.py smuggles the variant's scale factors out through the feedback
    (its title is quoted back); forge_replay_variant.py then shows the page without asking."""
    known = {}
    for _ in range(15):
        result, _ = graded(grader, source("leak_collect_variant"), "collect.py")
        found = re.search(r"title “V(\S+) ([\d. ]+)", check(result, SAME_DISPLAY).message)
        if found:
            known[found[1]] = [float(x) for x in found[2].split()]
        if len(known) >= len(grader.variants):
            break
    if not known:
        return  # nothing smuggled out: the feedback quotes no page content
    replay = source("forge_replay_variant").replace("KNOWN = {}", f"KNOWN = {json.dumps(known)}")
    result, took = graded(grader, replay, "forge_replay_variant.py")
    assert_sane(result, took)
    assert not check(result, LOADED_ONCE).passed  # it never asked...
    assert not check(result, SAME_DISPLAY).passed, (
        f"...yet its page equals the reference: {len(known)} variant(s) learnt from "
        f"{len(grader.variants)} reused for every grading")


def test_the_servers_secrets_never_reach_the_app(grader):
    assert os.environ.get("SPEEDLIT_PROGRESS_URL") == SECRET_URL  # the server holds it
    result, took = graded(grader, source("leak_server_env"), "leak_server_env.py")
    assert_sane(result, took)
    assert "postgresql://" not in everything(result)
    assert_healthy(grader)


def test_nothing_of_one_grading_survives_into_the_next(grader):
    marker = f"zz-{secrets.token_hex(8)}"
    plant = source("leak_marker_plant").replace("__MARKER__", marker)
    for _ in range(2):  # once on each worker
        planted, _ = graded(grader, plant, "plant.py")
        assert marker in planted.output or marker in everything(planted) or planted.error
    for _ in range(2):
        hunt, took = graded(grader, source("leak_marker_hunt"), "hunt.py")
        assert_sane(hunt, took)
        assert "HUNT" in hunt.output, hunt.output[-1000:]
        assert marker not in everything(hunt), hunt.output[-2000:]


def test_caught_violations_are_reported(grader):
    """The solution plus hidden attempts at another exercise's solution and the network."""
    result, took = graded(grader, source("leak_caught_violation"), "leak_caught_violation.py")
    assert took < LIMITS.wall_seconds + SLACK
    assert result.error and result.error["kind"] == "forbidden", \
        f"hidden attempts not reported: {result.headline}"


# ===================================================================== 4: batch poison
JUDGE_EXCEPTIONS = ["judge_bad_tab_call", "judge_bad_tab_dropped", "judge_nan_slider",
                    "judge_fractional_int_input", "judge_deep_chart_spec",
                    "judge_deep_table_columns", "judge_huge_line_number", "judge_problem_frame",
                    "judge_fake_grader_fault"]


@pytest.mark.parametrize("name", JUDGE_EXCEPTIONS)
def test_untrusted_messages_never_break_the_judge(grader, name):
    """Forged messages are the app's fault: ``forbidden`` (a message no browser could use),
    or ``crash`` for an app that raised — and any "not your fault" is the app's own text,
    quoted after "Your app raised ...", never the grader speaking."""
    result, took = graded(grader, source(name), f"{name}.py")
    assert_sane(result, took)
    assert result.error and result.error["kind"] in ("forbidden", "crash"), result.headline
    message = result.error["message"]
    if GRADER_FAULT in message:
        assert message.startswith("Your app raised ") and "«" in message, message
        assert message.index("«") < message.index(GRADER_FAULT), message
    assert_healthy(grader)


POISON = {  # file -> the kinds its own result may have (None: graded, not passed)
    "poison_plus_chain": {"syntax"},
    "poison_unary_minus": {"syntax"},
    "poison_deep_power": {"syntax", "crash", None},
    "poison_bad_utf8": {"syntax"},
    "poison_nul_byte": {"syntax"},
    "poison_multiselect": {None},
    "poison_ansi_verdict": {"crash"},
}
#: Files that break the judge itself ride along: whatever their own result, the rest of the
#: batch must not notice (their own kind is checked in test_untrusted_messages_...).
RIDERS = ["judge_nan_slider", "judge_bad_tab_call", "frame_oversized"]


def test_a_poisoned_batch_grades_everyone_else(grader):
    batch = [(f"{n}.py", source(n)) for n in [*POISON, *RIDERS]]
    batch.insert(3, ("good.py", EXERCISE.solution))
    batch.insert(8, ("good2.py", EXERCISE.solution))
    batch.append(("bom.py", "\ufeff" + EXERCISE.solution))
    started = time.monotonic()
    results = grader.grade_many(FAST, batch)
    assert time.monotonic() - started < len(batch) * (LIMITS.wall_seconds + SLACK) / 2
    assert [r.file for r in results] == [f for f, _ in batch]
    by_file = {r.file: r for r in results}
    for file in ("good.py", "good2.py", "bom.py"):
        assert by_file[file].passed and by_file[file].score == FAST.max_score, \
            by_file[file].headline
    problems = []
    for name, kinds in POISON.items():
        result = by_file[f"{name}.py"]
        kind = result.error["kind"] if result.error else None
        if result.passed or kind not in kinds or (result.error and GRADER_FAULT in
                                                  result.error["message"]):
            problems.append(f"{name}: {result.headline}")
    problems += [f"{n}: {by_file[n + '.py'].headline}" for n in RIDERS
                 if by_file[f"{n}.py"].passed or not by_file[f"{n}.py"].error]
    assert not problems, problems
    assert_healthy(grader)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checkers", *args], cwd=REPO,
                          capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def cli_reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    good = folder / "good.py"
    good.write_text(EXERCISE.solution, encoding="utf-8")
    files = [str(HOSTILE / "poison_ansi_verdict.py"), str(HOSTILE / "poison_bad_utf8.py"),
             str(good)]
    text = _cli("grade", "cache-data-load", *files, "--jobs", "2")
    as_json = _cli("grade", "cache-data-load", files[0], "--format", "json")
    return text, as_json


def _raw_controls(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text if c != "\n" and
                   unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")})


def test_cli_text_report_has_no_raw_control_characters(cli_reports):
    text, _ = cli_reports
    out = text.stdout.decode("utf-8")
    assert text.returncode == 1, text.stderr.decode()[-2000:]
    assert not _raw_controls(out), _raw_controls(out)
    assert re.search(rf"good\.py: passed — {FAST.max_score}/{FAST.max_score} points", out), out
    assert "poison_bad_utf8.py: syntax\n" in out


def test_cli_report_shows_no_fake_verdict(cli_reports):
    """The ANSI file's own line must not read as a pass; its message is learner text, printed
    verbatim, up to 500 characters: a run of spaces makes the terminal wrap so that
    "✓ passed — 8/8 points" starts a line of its own."""
    text, _ = cli_reports
    out = text.stdout.decode("utf-8")
    own = [l for l in out.splitlines() if l.startswith(str(HOSTILE / "poison_ansi_verdict.py"))]
    assert own and "crash" in own[0]
    assert "passed — 8/8" not in own[0] and "✓" not in own[0], own[0][:400]


def test_cli_json_report_has_no_raw_bidi_or_control_characters(cli_reports):
    _, as_json = cli_reports
    out = as_json.stdout.decode("utf-8")
    json.loads(out)
    assert not _raw_controls(out), f"raw {_raw_controls(out)} in --format json output"


# ===================================================================== 5: availability
def test_the_judge_keeps_its_own_memory_bounded(grader):
    """dos_judge_memory.py writes 100 forged 11 MB dataframe elements into the channel."""
    gc.collect()
    reset_peak_rss()
    before = peak_rss_mb()
    result, took = graded(grader, source("dos_judge_memory"), "dos_judge_memory.py")
    grew = peak_rss_mb() - before
    assert not result.passed
    assert grew < 300, f"the grader's process grew by {grew} MB for one file ({result.headline})"
    assert took < LIMITS.wall_seconds + SLACK, f"took {took:.1f} s"


def test_the_judge_keeps_its_own_cpu_bounded(grader):
    """dos_judge_cpu_tables.py: eight st.table()s of list cells, summarised by the judge."""
    cpu = time.process_time()
    result, took = graded(grader, source("dos_judge_cpu_tables"), "dos_judge_cpu_tables.py")
    spent = time.process_time() - cpu
    assert not result.passed
    assert took < LIMITS.wall_seconds + SLACK, \
        f"took {took:.1f} s ({spent:.1f} s of the grader's CPU) for a {LIMITS.wall_seconds} s limit"


def test_the_judge_forgets_what_a_grading_showed(grader):
    """dos_summary_cache.py: the judge's table-summary cache keeps ~15 MB per distinct table."""
    gc.collect()
    before = rss_mb()
    result, took = graded(grader, source("dos_summary_cache"), "dos_summary_cache.py")
    gc.collect()
    kept = rss_mb() - before
    assert not result.passed
    assert kept < 150, f"the grader keeps {kept} MB after grading one file"


def test_a_deaf_app_cannot_hold_the_judge(grader):
    """dos_blocked_channel.py stops reading the channel and floods calls: the judge's blocking
    send of the answers has no deadline."""
    result, took = graded(grader, source("dos_blocked_channel"), "dos_blocked_channel.py")
    assert not result.passed
    assert result.error and result.error["kind"] == "timeout", result.headline
    assert took < LIMITS.wall_seconds + SLACK, f"took {took:.1f} s for a 4 s limit"


def test_an_app_that_hangs_at_exit_cannot_hold_the_judge(grader):
    """dos_hang_at_exit.py: the solution, plus a shutdown that never ends."""
    result, took = graded(grader, source("dos_hang_at_exit"), "dos_hang_at_exit.py")
    assert took < LIMITS.wall_seconds + SLACK, f"took {took:.1f} s for a 4 s limit " \
        f"({result.headline})"


def test_the_grader_is_alive_after_everything(grader):
    for _ in range(2):
        assert_healthy(grader)
    result = grader.grade(EXERCISE, EXERCISE.solution, "solution.py")  # full limits
    assert result.passed and result.score == FAST.max_score
    assert result.isolation.get("level") in ("strong", "partial")
    assert result.isolation["level"] == "strong" or result.isolation.get("missing")
