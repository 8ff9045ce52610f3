"""Grade on a simulated weak host: ``python tests/weak_host.py MODE`` prints one JSON object;
``python tests/weak_host.py MODE --exec COMMAND...`` runs a command on such a host instead.

A weak host is what a course meets on a hosted platform or in an unprivileged container: no
capabilities, so no namespaces, no private root, no uid of its own. This script makes one of
itself (run as root): it drops every capability, including from the bounding set so nothing
it starts regains them, and sets ``no_new_privs``. Then it starts a real grader and reports
what the sandbox said and what hostile apps could do.

MODE ``no-namespaces``: only capabilities are gone; Landlock and seccomp still confine.
MODE ``nothing``: a seccomp filter also makes the kernel deny Landlock and seccomp, so
nothing can confine files or network: the grader must refuse, or (with
``SPEEDLIT_ALLOW_UNCONFINED=1``) grade and say the isolation is unsafe — then no attack is
tried, since nothing would stop it (that is the point of refusing).
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP, PR_SET_SECCOMP = 38, 24, 22
LANDLOCK = (444, 445, 446)


def drop_capabilities(libc) -> None:
    for cap in range(64):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)
    data = (ctypes.c_uint32 * 6)()
    if libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def deny_confinement(libc) -> None:
    """A filter under which the kernel says Landlock and seccomp do not exist."""
    from checkers.sandbox import seccomp

    machine = os.uname().machine
    numbers = seccomp.SYSCALLS[machine]
    src = [(seccomp.LD_ABS, seccomp.NR, None, None)]
    src += [(seccomp.JEQ, nr, "enosys", None) for nr in (*LANDLOCK, numbers["seccomp"])]
    src += [(seccomp.JEQ, 157 if machine == "x86_64" else 167, "prctl", None),  # prctl
            (seccomp.RET, seccomp.RET_ALLOW, None, None),
            "prctl", (seccomp.LD_ABS, seccomp.ARG0_LOW, None, None),
            (seccomp.JEQ, PR_SET_SECCOMP, "einval", "allow"),
            "allow", (seccomp.RET, seccomp.RET_ALLOW, None, None),
            "einval", (seccomp.RET, seccomp.RET_ERRNO | errno.EINVAL, None, None),
            "enosys", (seccomp.RET, seccomp.RET_ERRNO | errno.ENOSYS, None, None)]
    code = seccomp.assemble(src)
    filters = (seccomp.SockFilter * len(code))(*[seccomp.SockFilter(o, t, f, k)
                                                  for o, t, f, k in code])
    prog = seccomp.SockFprog(len(code), filters)
    if libc.prctl(PR_SET_SECCOMP, 2, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "installing the weak-host filter")


HOSTILE = {
    "read-solution": "open({solution!r}).read()",
    "arrow-read-solution": "import pyarrow.fs as fs\n"
                           "fs.LocalFileSystem().open_input_stream({solution!r}).read()",
    "write-course": "open({course!r} + '/planted.py', 'w').write('print(1)')",
    "arrow-write-course": "import pyarrow.fs as fs\n"
                          "fs.LocalFileSystem().open_output_stream({course!r} + "
                          "'/planted_arrow.py').write(b'x')",
    "tcp": "import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=1)",
    "server-environ": "open('/proc/%d/environ' % {server_pid}).read()",
}


def main(mode: str) -> dict:
    libc = ctypes.CDLL(None, use_errno=True)
    drop_capabilities(libc)
    if mode == "nothing":
        deny_confinement(libc)
    os.environ["SPEEDLIT_PROGRESS_URL"] = "postgresql://teacher:hunter2-weak@db/progress"
    from checkers.grading import Grader
    from checkers.spec import start

    solution = str(REPO / "exercises" / "cache-data-load" / "solution.py")
    course = str(REPO / "course")
    report = {"mode": mode}
    with Grader(workers=1) as grader:
        outcome = grader.run_app("import streamlit as st, os\nst.write(dict(os.environ))\n",
                                 [start()])
        report["isolation"] = outcome.isolation
        report["error"] = outcome.error
        report["page"] = json.dumps(outcome.value) if outcome.value else ""
        report["attacks"] = {}
        unsafe = not outcome.isolation.get("confined", True)
        for name, code in ({} if unsafe else HOSTILE).items():
            source = ("import streamlit as st\ntry:\n"
                      + "".join("    " + line + "\n" for line in code.format(
                          solution=solution, course=course, server_pid=os.getpid()).splitlines())
                      + "    st.write('DONE')\nexcept BaseException as exc:\n"
                      "    st.write('REFUSED', type(exc).__name__)\n")
            attack = grader.run_app(source, [start()])
            page = json.dumps(attack.value) if attack.value else ""
            forbidden = bool(attack.error) and attack.error["kind"] == "forbidden"
            report["attacks"][name] = {"error": attack.error, "done": "DONE" in page,
                                       "refused": "REFUSED" in page or forbidden,
                                       "leaked": "ANSWER" in page or "st.cache_data" in page
                                       or "hunter2" in page}
    report["planted"] = sorted(p.name for p in (REPO / "course").glob("planted*"))
    return report


def run_weakened(mode: str, command: list[str]) -> None:
    """Become the weak host, then ``exec`` ``command`` (its open descriptors are kept)."""
    libc = ctypes.CDLL(None, use_errno=True)
    drop_capabilities(libc)
    if mode == "nothing":
        deny_confinement(libc)
    os.execv(command[0], command)


if __name__ == "__main__":
    if "--exec" in sys.argv:
        at = sys.argv.index("--exec")
        run_weakened(sys.argv[1], sys.argv[at + 1:])
    print(json.dumps(main(sys.argv[1])))
