"""Operating-system isolation for one grading child (Linux; degrades elsewhere).

``enter_sandbox`` runs in the freshly forked child, before any learner code, and puts it in:

1. its own session (``setsid``), so the zygote can kill the whole process group;
2. new mount and network namespaces (plus a user namespace when not root): no network at all,
   and mounts nobody else sees;
3. a private root: a small tmpfs holding read-only bind mounts of only what Python needs
   (``/usr``, ``/lib*``, the interpreter, ``sys.path`` minus the ``hide`` paths that hold the
   course's solutions and checks), three device nodes, and the writable ``/work`` (cwd, the
   job's files) and ``/tmp``. ``pivot_root`` detaches the host tree; there is no ``/proc``;
4. resource limits (address space, CPU, file size, processes, open files, no core dumps);
5. an unprivileged uid/gid of its own when started as root (``RLIMIT_NPROC`` does not bind
   root, and distinct uids keep concurrent children from signalling or tracing each other),
   ``no_new_privs``, not dumpable, and death when the zygote dies;
6. the audit-hook guard (``guard.py``), a second line of defence inside the interpreter.

Each step that the platform refuses (not root and no user namespaces, macOS, a container
without ``CAP_SYS_ADMIN``) is skipped, and the returned report says what is really in force.
The zygote additionally forks the child as pid 1 of a new pid namespace when it can, so every
process the child starts dies with it.
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

from checkers.sandbox.guard import install_guard, python_roots

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x10000000, 0x20000000, 0x40000000
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
WORKDIR, TMPDIR = "/work", "/tmp"

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


def plan_root(hide: tuple[str, ...]) -> tuple[list, list, list]:
    """What the private root binds: (symlinks, bind sources, hide paths to mask). Cached."""
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
    pyroots = python_roots()
    extra = [p for p in sys.path
             if p and os.path.exists(p) and not _inside(os.path.abspath(p), hide_abs)]
    for path in pyroots + extra:
        for candidate in {os.path.abspath(path), os.path.realpath(path)}:
            wanted.add(candidate)
    covered = ["/" + n for n in TOP_LEVEL]
    binds = []
    for path in sorted(wanted, key=len):
        if path in covered or not _inside(path, covered):
            binds.append(path)
            covered.append(path)
    mask = [h for h in hide_abs if os.path.exists(h) and
            (_inside(h, binds) or _inside(os.path.realpath(h), binds))]
    _plans[key] = (links, binds, mask)
    return _plans[key]


def prepare(hide: list[str]) -> str | None:
    """Once per zygote: compute the bind plan and make an empty directory to mount new roots
    on (named after the zygote's pid; leftovers of dead zygotes are removed)."""
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
    """Unshare mount+network (and user when not root); returns which mode worked."""
    if root:
        _call("unshare", CLONE_NEWNS | CLONE_NEWNET)
        return "root"
    uid, gid = os.getuid(), os.getgid()
    _call("unshare", CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET)
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


def _private_root(mountpoint: str, hide: list[str], limits, mode: str) -> None:
    links, binds, mask = plan_root(tuple(hide))
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
    os.makedirs(new + WORKDIR, mode=0o755, exist_ok=True)
    os.makedirs(new + TMPDIR, exist_ok=True)
    os.chmod(new + TMPDIR, 0o1777)
    os.chdir(new)
    if SYS_PIVOT_ROOT is not None and _libc.syscall(SYS_PIVOT_ROOT, b".", b".") == 0:
        _call("umount2", b".", MNT_DETACH)
    else:
        os.chroot(".")
    os.chdir("/")


def _write_files(workdir: str, files: dict[str, bytes], uid: int | None) -> None:
    for name, data in files.items():
        rel = os.path.normpath(name)
        if os.path.isabs(rel) or rel.startswith(".."):
            raise ValueError(f"file name {name!r} leaves the working folder")
        path = os.path.join(workdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
    if uid is not None:
        for folder, dirs, names in os.walk(workdir):
            for entry in [folder] + [os.path.join(folder, n) for n in dirs + names]:
                os.chown(entry, uid, uid)


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


def enter_sandbox(files: dict[str, bytes], limits, hide: list[str], *, uid: int | None = None,
                  mountpoint: str | None = None, fallback_dir: str | None = None,
                  protected: tuple[str, ...] = ("checkers",), notify=None) -> dict:
    """Isolate this (forked) process; returns the report of what is in force.

    ``uid`` is the unprivileged id to switch to when root (default ``100000 + pid % 100000``);
    ``mountpoint`` an empty directory to mount the new root on (``prepare``);
    ``fallback_dir`` the working folder when no private root is possible;
    ``protected`` and ``notify`` are passed to the guard.
    """
    started = time.perf_counter()
    missing: list[str] = []
    report: dict = {}
    root, real_uid = os.geteuid() == 0, os.getuid()
    os.setsid()
    vmsize = _vmsize()
    mode = None
    try:
        mode = _namespaces(root)
        report["network"] = "none (namespace)"
    except (_Refused, OSError) as exc:
        missing.append(f"namespaces ({exc.args[-1]})")
        report["network"] = "host network (guard only)"
    workdir, tmpdir = WORKDIR, TMPDIR
    private = False
    if mode is not None:
        try:
            _private_root(mountpoint or prepare(hide), hide, limits, mode)
            private = True
            report["filesystem"] = "private root"
        except (_Refused, OSError) as exc:
            missing.append(f"private root ({exc})")
    if not private:
        workdir = fallback_dir or tempfile.mkdtemp(prefix=f"speedlit-job-{os.getpid()}-")
        tmpdir = os.path.join(workdir, ".tmp")
        os.makedirs(tmpdir, exist_ok=True)
        report["filesystem"] = f"host filesystem, working folder {workdir}"
    drop_to = None
    if root:
        drop_to = uid if uid is not None else 100000 + os.getpid() % 100000
        try:
            os.chown(workdir, drop_to, drop_to)
        except OSError as exc:
            missing.append(f"own uid ({drop_to}: {exc.strerror})")
            drop_to = None
    else:
        missing.append("own uid (not root)")
    _write_files(workdir, files, drop_to)
    os.chdir(workdir)
    report["limits"] = _rlimits(limits, vmsize, root)
    if vmsize is None:
        missing.append("memory limit (no /proc)")
    capabilities = ""
    try:
        _drop(drop_to)
        if os.geteuid() == 0:
            _drop_capabilities()
            capabilities = ", no capabilities"
    except (_Refused, OSError) as exc:
        missing.append(f"privilege drop ({exc})")
    report["user"] = f"uid {os.getuid()}{capabilities}"
    if mode == "user":
        report["user"] = f"uid 0 in a user namespace (real uid {real_uid}){capabilities}"
    os.environ.update(HOME=tmpdir, TMPDIR=tmpdir)
    tempfile.tempdir = tmpdir
    sys.dont_write_bytecode = True
    install_guard(workdir, hide=hide, tmpdir=tmpdir, protected=protected, notify=notify)
    report["guard"] = "audit hook"
    report["workdir"] = workdir
    report["level"] = "strong" if not missing else "partial"
    if missing:
        report["missing"] = missing
    report["enter_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return report
