"""Operating-system isolation for one grading child (Linux; degrades elsewhere, and says so).

``enter_sandbox`` runs in the freshly forked child, before any learner code. The zygote has
already made the child pid 1 of a new pid namespace and put it in the job's cgroup (memory,
processes and CPU for the job as a whole). Here the child:

1. starts its own session, so the zygote can kill the whole process group;
2. enters new mount, network, IPC and UTS namespaces (and a user namespace when not root):
   no network at all, no System V IPC shared with anyone, mounts nobody else sees;
3. builds a private root: a small tmpfs with read-only binds of only what Python needs, the
   job's writable working folder and ``/tmp``; ``pivot_root`` detaches the host tree;
4. sets resource limits (address space, CPU, file size, processes, open files, no cores);
5. takes an unprivileged uid of its own when started as root, ``no_new_privs``, not dumpable,
   and dies with the zygote;
6. restricts itself with Landlock (files, TCP, signals), which needs no privilege and so also
   confines hosts without namespaces;
7. installs a seccomp filter: no new processes or programs, no namespaces or mounts, no
   ptrace, no network sockets, no SysV IPC, no kernel-facing calls;
8. installs the audit-hook guard (``guard.py``), a tripwire that turns attempts into clear
   messages — never the boundary.

Every step the platform refuses is skipped, and the returned report says, layer by layer,
what is really in force. ``confined(report)`` says whether files and network are confined:
the pool refuses to grade when they are not, unless explicitly told otherwise.
"""
from __future__ import annotations

import ctypes
import glob
import os
import resource
import shutil
import signal
import sys
import tempfile
import time

from checkers.sandbox import landlock, seccomp
from checkers.sandbox.guard import install_guard, python_roots

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x20000, 0x4000000, 0x8000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC = 32, 1024, 2048, 4096, 16384
MS_PRIVATE, MS_RELATIME = 1 << 18, 1 << 21
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(os.uname().machine)
#: statvfs flag -> mount flag; these are "locked" on bind mounts made inside a user namespace.
LOCKED_FLAGS = {2: MS_NOSUID, 4: MS_NODEV, 8: MS_NOEXEC, 1024: MS_NOATIME, 2048: MS_NODIRATIME,
                4096: MS_RELATIME}
TOP_LEVEL = ("usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin")
DEVICES = ("null", "zero", "urandom")
TMPDIR = "/tmp"
#: The layers a report names, in the order the exercise page lists them.
LAYERS = ("filesystem", "network", "processes", "ipc", "user", "cgroup", "limits", "landlock",
          "seccomp", "guard")

_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_plans: dict[tuple, tuple] = {}


class _Refused(OSError):
    pass


def _call(name: str, *args) -> None:
    if _libc is None:
        raise _Refused(f"{name}: not Linux")
    if getattr(_libc, name)(*args) != 0:
        err = ctypes.get_errno()
        raise _Refused(err, f"{name}: {os.strerror(err)}")


def _mount(source, target, fstype, flags: int, data=None) -> None:
    _call("mount", _b(source), _b(target), _b(fstype), ctypes.c_ulong(flags), _b(data))


def _b(value):
    return None if value is None else os.fsencode(value)


def _inside(path: str, roots) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def plan_root(hide: tuple[str, ...]) -> tuple[list, list, list, str]:
    """What the private root holds: (symlinks, bind sources, hidden paths to mask, the
    working folder's path). Cached per ``hide``."""
    key = tuple(hide)
    if key in _plans:
        return _plans[key]
    hide_abs = [os.path.abspath(h) for h in hide]
    links, wanted = [], set()
    for name in TOP_LEVEL:
        path = "/" + name
        if os.path.islink(path):
            links.append((path, os.readlink(path)))
        elif os.path.isdir(path):
            wanted.add(path)
    extra = [p for p in sys.path if p and os.path.exists(p)
             and not _inside(os.path.abspath(p), hide_abs)]
    for path in python_roots() + extra:
        for candidate in {os.path.abspath(path), os.path.realpath(path)}:
            wanted.add(candidate)
    covered = ["/" + n for n in TOP_LEVEL]
    binds = []
    for path in sorted(wanted, key=len):
        if path in covered or not _inside(path, covered):
            binds.append(path)
            covered.append(path)
    # A hidden folder inside a bound one is masked; one that merely contains a bound folder
    # (a virtual environment inside the course folder) is never bound, so nothing to mask.
    mask = [h for h in hide_abs if os.path.exists(h) and
            (_inside(h, binds) or _inside(os.path.realpath(h), binds))]
    workdir = "/speedlit-app"
    while _inside(workdir, binds) or any(_inside(b, [workdir]) for b in binds):
        workdir += "-"
    _plans[key] = (links, binds, mask, workdir)
    return _plans[key]


def prepare(hide: list[str]) -> str | None:
    """Once per zygote: compute the plan and make an empty directory to mount new roots on
    (named after the zygote's pid; leftovers of dead zygotes are removed)."""
    plan_root(tuple(hide))
    for kind in ("root", "job"):
        for stale in glob.glob(os.path.join(tempfile.gettempdir(), f"speedlit-{kind}-*-*")):
            pid = os.path.basename(stale).split("-")[2]
            if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
                shutil.rmtree(stale, ignore_errors=True)
    if _libc is None:
        return None
    return tempfile.mkdtemp(prefix=f"speedlit-root-{os.getpid()}-")


def _vmsize() -> int | None:
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _namespaces(root: bool) -> str:
    """Unshare mount, network, IPC and UTS (and user when not root); which mode worked."""
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    if root:
        _call("unshare", flags)
        return "root"
    uid, gid = os.getuid(), os.getgid()
    _call("unshare", CLONE_NEWUSER | flags)
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)
    return "user"


def _bind(source: str, target: str, mode: str) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target):
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o644))
    _mount(source, target, None, MS_BIND | MS_REC)
    flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID
    if mode == "user":
        vfs = os.statvfs(source).f_flag
        flags |= sum(v for k, v in LOCKED_FLAGS.items() if vfs & k)
    try:
        _mount(None, target, None, flags)
    except _Refused:
        if mode != "user":
            raise


def _private_root(mountpoint: str, hide: list[str], limits, mode: str) -> str:
    links, binds, mask, workdir = plan_root(tuple(hide))
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", mountpoint, "tmpfs", MS_NOSUID | MS_NODEV, f"size={limits.disk_mb}m,mode=755")
    new = mountpoint.rstrip("/")
    for path, target in links:
        os.symlink(target, new + path)
    for path in binds:
        _bind(path, new + path, mode)
    for path in mask:
        _mount("tmpfs", new + path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=755")
    os.makedirs(new + "/dev", exist_ok=True)
    for name in DEVICES:
        if os.path.exists("/dev/" + name):
            _bind("/dev/" + name, f"{new}/dev/{name}", mode)
    os.makedirs(new + workdir, mode=0o755)
    os.makedirs(new + TMPDIR, exist_ok=True)
    os.chmod(new + TMPDIR, 0o1777)
    os.chdir(new)
    if SYS_PIVOT_ROOT is not None and _libc.syscall(SYS_PIVOT_ROOT, b".", b".") == 0:
        _call("umount2", b".", MNT_DETACH)
    else:
        os.chroot(".")
    os.chdir("/")
    return workdir


def _rlimits(limits, vmsize: int | None, root: bool) -> dict:
    applied = {}
    wanted = [(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1, "cpu_seconds"),
              (resource.RLIMIT_FSIZE, limits.output_kb * 1024, None, "file_bytes"),
              (resource.RLIMIT_CORE, 0, None, "core"),
              (resource.RLIMIT_NOFILE, 256, None, "open_files")]
    if vmsize is not None:
        size = vmsize + limits.memory_mb * 1024 * 1024
        wanted.append((resource.RLIMIT_AS, size, None, "address_space_bytes"))
    if root and hasattr(resource, "RLIMIT_NPROC"):
        wanted.append((resource.RLIMIT_NPROC, limits.processes, None, "processes"))
    for which, soft, hard, label in wanted:
        try:
            resource.setrlimit(which, (soft, soft if hard is None else hard))
            applied[label] = soft
        except (ValueError, OSError):
            pass
    return applied


def _drop_capabilities() -> None:
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)
    data = (ctypes.c_uint32 * 6)()
    _call("capset", header, data)


def _drop(uid: int | None) -> None:
    """Switch to ``uid`` (when given), then forbid regaining privileges; die with the zygote
    (set last: a uid change clears the parent-death signal)."""
    try:
        if uid is not None:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
    finally:
        if _libc is not None:
            _call("prctl", PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
            _call("prctl", PR_SET_DUMPABLE, 0, 0, 0, 0)
            _call("prctl", PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _readable(hide: list[str]) -> list[str]:
    """What Landlock lets the child read: the Python installation and its paths, never the
    hidden course folders."""
    paths = set(python_roots()) | {"/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc/localtime"}
    paths |= {os.path.abspath(p) for p in sys.path if p}
    # A path that holds a hidden folder would open all of it; one inside a hidden folder (a
    # virtual environment in the course folder) opens only itself.
    return sorted(p for p in paths if os.path.exists(p)
                  and not any(_inside(h, [p]) for h in hide))


def enter_sandbox(limits, hide: list[str], *, uid: int | None = None,
                  mountpoint: str | None = None, fallback_dir: str | None = None,
                  protected: tuple[str, ...] = ("checkers",), notify=None,
                  pid_namespace: bool = False, cgroup: str | None = None,
                  env: dict[str, str] | None = None, guard: bool = True) -> dict:
    """Isolate this (forked) process; returns the report of what is in force, layer by layer.

    ``uid`` is the unprivileged id to switch to when root; ``mountpoint`` an empty directory
    to mount the new root on (``prepare``); ``fallback_dir`` the working folder when no
    private root is possible; ``protected`` and ``notify`` go to the guard;
    ``pid_namespace`` and ``cgroup`` say what the zygote already did; ``env`` replaces the
    environment; ``guard=False`` (tests only) leaves the tripwire out, to prove that the
    kernel layers hold without it.
    """
    started = time.perf_counter()
    hide = [os.path.abspath(h) for h in hide]
    layers: dict[str, dict] = {}

    def layer(name: str, in_force: bool, detail: str) -> None:
        layers[name] = {"in_force": in_force, "detail": detail}

    root, real_uid = os.geteuid() == 0, os.getuid()
    os.setsid()
    vmsize = _vmsize()
    layer("processes", pid_namespace, "own pid namespace: everything it starts dies with it"
          if pid_namespace else "shared pid namespace")
    layer("cgroup", bool(cgroup), cgroup or "no cgroup: limits are per process only")
    mode = None
    try:
        mode = _namespaces(root)
        layer("network", True, "no network (own network namespace)")
        layer("ipc", True, "own IPC namespace: nothing it creates outlives it")
    except (_Refused, OSError) as exc:
        layer("network", False, f"host network ({exc.args[-1]})")
        layer("ipc", False, "host System V IPC")
    workdir, tmpdir = None, TMPDIR
    if mode is not None:
        try:
            workdir = _private_root(mountpoint or prepare(hide), hide, limits, mode)
            layer("filesystem", True, "private root: Python and the app's own folder only")
        except (_Refused, OSError) as exc:
            layer("filesystem", False, f"host file system ({exc})")
    if workdir is None:
        workdir = fallback_dir or tempfile.mkdtemp(prefix=f"speedlit-job-{os.getpid()}-")
        os.makedirs(workdir, exist_ok=True)
        tmpdir = os.path.join(workdir, ".tmp")
        os.makedirs(tmpdir, exist_ok=True)
        layers.setdefault("filesystem", {"in_force": False, "detail": "host file system"})
    drop_to = None
    if root:
        drop_to = uid if uid is not None else 100000 + os.getpid() % 100000
        try:
            for path in (workdir, tmpdir):
                os.chown(path, drop_to, drop_to)
        except OSError as exc:
            layer("user", False, f"root ({drop_to}: {exc.strerror})")
            drop_to = None
    os.chdir(workdir)
    limits_applied = _rlimits(limits, vmsize, root)
    layer("limits", "address_space_bytes" in limits_applied and "cpu_seconds" in limits_applied,
          ", ".join(f"{k} {v}" for k, v in limits_applied.items()))
    try:
        _drop(drop_to)
        if os.geteuid() == 0:
            _drop_capabilities()
        if "user" not in layers:
            who = f"uid {os.getuid()}" if mode != "user" else \
                f"uid 0 in a user namespace (real uid {real_uid})"
            layer("user", root and drop_to is not None or mode == "user",
                  who + ", no privileges" if root and drop_to is not None else
                  who + " (the host's own user)")
    except (_Refused, OSError) as exc:
        layer("user", False, f"privilege drop failed ({exc})")
    os.environ.clear()
    os.environ.update(env or {})
    os.environ.update(HOME=tmpdir, TMPDIR=tmpdir)
    tempfile.tempdir = tmpdir
    sys.dont_write_bytecode = True
    try:
        done = landlock.restrict(_readable(hide), [workdir, tmpdir])
        layer("landlock", True, done.get("landlock", "Landlock"))
    except (landlock.Unsupported, OSError) as exc:
        layer("landlock", False, f"not available ({exc})")
    try:
        done = seccomp.install()
        layer("seccomp", True, done.get("seccomp", "seccomp filter"))
    except (seccomp.Unsupported, OSError) as exc:
        layer("seccomp", False, f"not available ({exc})")
    if guard:
        install_guard(workdir, hide=hide, tmpdir=tmpdir, protected=protected, notify=notify)
        layer("guard", True, "audit hook: clear messages for forbidden operations")
    missing = [name for name in LAYERS if name in layers and not layers[name]["in_force"]]
    report = {"layers": {name: layers[name] for name in LAYERS if name in layers},
              "level": "strong" if not missing else "partial", "missing": missing,
              "workdir": workdir, "enter_ms": round((time.perf_counter() - started) * 1000, 2)}
    report["confined"] = confined(report)
    if not report["confined"]:
        report["level"] = "unsafe"
    return report


def layer_off(report: dict, name: str, detail: str) -> None:
    """Mark a layer as not in force after the fact, and update the summary."""
    report["layers"][name] = {"in_force": False, "detail": detail}
    report["missing"] = [n for n in LAYERS if n in report["layers"]
                         and not report["layers"][n]["in_force"]]
    report["confined"] = confined(report)
    report["level"] = "unsafe" if not report["confined"] else \
        "strong" if not report["missing"] else "partial"


def confined(report: dict) -> bool:
    """Files and network are confined: by namespaces and a private root, or by Landlock and
    seccomp where namespaces are missing."""
    layers = report.get("layers", {})
    on = {name for name, info in layers.items() if info.get("in_force")}
    files = "filesystem" in on or "landlock" in on
    network = "network" in on or "seccomp" in on
    return files and network


def probe_host(hide: list[str]) -> dict:
    """The report a job would get on this host, from a throwaway child that isolates itself
    and exits (the caller is never changed)."""
    import json

    from checkers.sandbox.pool import Limits

    read, write = os.pipe()
    mountpoint = prepare(hide)
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            report = enter_sandbox(Limits(), hide, mountpoint=mountpoint,
                                   fallback_dir=tempfile.mkdtemp(prefix="speedlit-probe-"))
            os.write(write, json.dumps(report).encode())
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    if mountpoint:
        os.rmdir(mountpoint)
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return {"level": "unknown", "confined": False, "layers": {}}
