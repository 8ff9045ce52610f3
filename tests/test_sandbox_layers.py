"""The low-level sandbox layers: seccomp filter, Landlock rules and per-job cgroups.

Everything that changes process state (a filter, a Landlock domain, cgroup membership) happens
in a forked child that reports back as JSON through a pipe, so the pytest process itself is
never filtered, restricted or moved. Tests skip, saying why, where the host lacks a feature.
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from checkers.sandbox import cgroups, landlock, seccomp

LINUX = sys.platform.startswith("linux")
MACHINE = os.uname().machine
libc = ctypes.CDLL(None, use_errno=True) if LINUX else None
if libc is not None:
    libc.syscall.restype = ctypes.c_long


# ---------------------------------------------------------------- helpers
def in_child(fn, *args, timeout: float = 30.0) -> dict:
    """Run ``fn(*args)`` in a forked child; its JSON-able return value, plus ``status``
    (``exit N`` or ``signal NAME``). An exception in ``fn`` comes back as ``error``."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 0
        try:
            os.close(read_fd)
            try:
                result = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - report everything
                result = {"error": repr(exc)}
            data = json.dumps(result).encode()
            while data:
                data = data[os.write(write_fd, data):]
        except BaseException:  # noqa: BLE001
            code = 70
        finally:
            os._exit(code)
    os.close(write_fd)
    data = _read_until_eof(read_fd, timeout, pid)
    _, status = os.waitpid(pid, 0)
    result = json.loads(data) if data else {}
    if not isinstance(result, dict):
        result = {"value": result}
    result["status"] = _describe(status)
    return result


def _read_until_eof(fd: int, timeout: float, pid: int) -> bytes:
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit {os.waitstatus_to_exitcode(status)}"


def attempt(fn, *args) -> str:
    """``ok``, or the errno name (``EPERM``) / exception type that ``fn`` failed with."""
    try:
        fn(*args)
        return "ok"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, type(exc).__name__)
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__


def c_call(name: str, *args) -> str:
    """Call a libc function; ``ok`` or the errno name."""
    if getattr(libc, name)(*args) == -1:
        return errno.errorcode[ctypes.get_errno()]
    return "ok"


def raw_syscall(number: int, *args) -> str:
    result = libc.syscall(ctypes.c_long(number), *[ctypes.c_long(a) for a in args])
    return errno.errorcode[ctypes.get_errno()] if result == -1 else "ok"


# ---------------------------------------------------------------- seccomp
def need_seccomp():
    if not LINUX:
        pytest.skip("seccomp is Linux only")
    if MACHINE not in seccomp.SYSCALLS:
        pytest.skip(f"no seccomp syscall table for {MACHINE}")


def filtered(fn, setup=None):
    """Run ``fn`` in a child after ``setup`` and the filter; skip if the kernel refuses it."""
    def body():
        if setup is not None:
            setup()
        try:
            report = seccomp.install()
        except seccomp.Unsupported as exc:
            return {"unsupported": str(exc)}
        return {"report": report, **fn()}
    result = in_child(body)
    if "unsupported" in result:
        pytest.skip(f"seccomp filter refused here: {result['unsupported']}")
    assert "error" not in result, result
    return result


def test_seccomp_program_assembles_for_both_architectures():
    for machine in seccomp.SYSCALLS:
        code = seccomp.program(machine)
        assert 60 < len(code) < 100
        assert all(0 <= jt <= 255 and 0 <= jf <= 255 for _, jt, jf, _ in code)
    aarch64 = seccomp.SYSCALLS["aarch64"]
    assert (aarch64["clone"], aarch64["clone3"], aarch64["execve"]) == (220, 435, 221)
    assert "fork" not in aarch64 and "vfork" not in aarch64
    with pytest.raises(seccomp.Unsupported):
        seccomp.program("sparc64")


def run_bpf(code, arch: int, nr: int, arg0: int = 0) -> int:
    """Interpret the filter (the few opcodes it uses) on one seccomp_data."""
    data = {seccomp.ARCH: arch, seccomp.NR: nr, seccomp.ARG0_LOW: arg0 & 0xFFFFFFFF}
    pc, acc = 0, 0
    while True:
        op, jt, jf, k = code[pc]
        if op == seccomp.RET:
            return k
        if op == seccomp.LD_ABS:
            acc, pc = data[k], pc + 1
            continue
        taken = {seccomp.JEQ: acc == k, seccomp.JGE: acc >= k, seccomp.JSET: bool(acc & k)}[op]
        pc += 1 + (jt if taken else jf)


@pytest.mark.parametrize("machine", sorted(seccomp.SYSCALLS))
def test_seccomp_program_decides_as_documented(machine):
    """The assembled program, run by a tiny interpreter: checks both architectures' logic."""
    code, nr = seccomp.program(machine), seccomp.SYSCALLS[machine]
    arch, allow, kill = seccomp.AUDIT_ARCH[machine], seccomp.RET_ALLOW, seccomp.RET_KILL_PROCESS
    eperm, eacces, enosys = (seccomp.RET_ERRNO | e
                             for e in (errno.EPERM, errno.EACCES, errno.ENOSYS))
    thread = 0x3D0F00  # glibc's pthread_create flags
    assert run_bpf(code, arch, nr["clone"], thread) == allow
    assert run_bpf(code, arch, nr["clone"], thread | 0x40000000) == eperm  # + CLONE_NEWNET
    assert run_bpf(code, arch, nr["clone"], 0x01200011) == eperm  # fork()
    assert run_bpf(code, arch, nr["clone3"]) == enosys
    assert run_bpf(code, arch, nr["socket"], socket.AF_UNIX) == allow
    assert run_bpf(code, arch, nr["socketpair"], socket.AF_UNIX) == allow
    assert run_bpf(code, arch, nr["socket"], socket.AF_INET | (1 << 32)) == eacces
    assert run_bpf(code, arch, nr["socket"], socket.AF_INET6) == eacces
    for name in seccomp.DENIED:
        if name in nr:
            assert run_bpf(code, arch, nr[name]) == eperm, name
    denied = {nr[name] for name in seccomp.DENIED if name in nr}
    special = {nr[n] for n in ("clone", "clone3", "socket", "socketpair")}
    assert all(run_bpf(code, arch, n) == allow for n in range(460) if n not in denied | special)
    assert run_bpf(code, 0x40000003, 20) == kill  # AUDIT_ARCH_I386
    other = seccomp.AUDIT_ARCH["aarch64" if machine == "x86_64" else "x86_64"]
    assert run_bpf(code, other, 0) == kill
    if machine == "x86_64":
        assert run_bpf(code, arch, 0x40000000 | 39) == eperm


def test_seccomp_refuses_new_processes_and_programs():
    need_seccomp()

    def probe():
        return {"fork": attempt(os.fork),
                "subprocess": attempt(subprocess.run, [sys.executable, "-c", "pass"]),
                "posix_spawn": attempt(os.posix_spawn, sys.executable,
                                       [sys.executable, "-c", "pass"], dict(os.environ)),
                "execv": attempt(os.execv, sys.executable, [sys.executable, "-c", "pass"]),
                "clone3": raw_syscall(435, 0, 0)}

    result = filtered(probe)
    assert result["status"] == "exit 0"
    assert "no new processes" in result["report"]["seccomp"]
    for name in ("fork", "subprocess", "posix_spawn", "execv"):
        assert result[name] == "EPERM", (name, result)
    assert result["clone3"] == "ENOSYS"


def test_seccomp_keeps_threads_and_asyncio_working():
    need_seccomp()

    def probe():
        import asyncio

        # A thread that runs before the filter is installed: TSYNC must filter it too.
        go, seen = threading.Event(), {}
        early = threading.Thread(target=lambda: (go.wait(), seen.update(
            inet=attempt(socket.socket, socket.AF_INET))))
        early.start()
        try:
            seccomp.install()
        except seccomp.Unsupported as exc:
            go.set()
            return {"unsupported": str(exc)}
        go.set()
        early.join()
        late = []
        threads = [threading.Thread(target=late.append, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        async def main():
            await asyncio.sleep(0.01)
            return await asyncio.get_running_loop().run_in_executor(None, sum, [1, 2, 3])

        left, right = socket.socketpair(socket.AF_UNIX)
        left.sendall(b"ping")
        return {"early_thread_inet": seen["inet"], "threads": sorted(late),
                "asyncio": asyncio.run(main()), "socketpair": right.recv(4).decode(),
                "unix_socket": attempt(lambda: socket.socket(socket.AF_UNIX).close()),
                "second_filter": attempt(seccomp.install)}

    result = in_child(probe)
    if "unsupported" in result:
        pytest.skip(f"seccomp filter refused here: {result['unsupported']}")
    assert result["status"] == "exit 0", result
    assert result["early_thread_inet"] == "EACCES"
    assert result["threads"] == [0, 1, 2, 3]
    assert result["asyncio"] == 6
    assert result["socketpair"] == "ping"
    assert result["unix_socket"] == "ok"
    assert result["second_filter"] == "ok"


def test_seccomp_refuses_network_sockets():
    need_seccomp()

    def probe():
        return {"inet": attempt(socket.socket, socket.AF_INET, socket.SOCK_STREAM),
                "inet_udp": attempt(socket.socket, socket.AF_INET, socket.SOCK_DGRAM),
                "inet6": attempt(socket.socket, socket.AF_INET6, socket.SOCK_STREAM),
                "netlink": attempt(socket.socket, 16, socket.SOCK_RAW, 0),
                "pair_inet": attempt(socket.socketpair, socket.AF_INET)}

    result = filtered(probe)
    for name in ("inet", "inet_udp", "inet6", "netlink"):
        assert result[name] == "EACCES", (name, result)
    assert result["pair_inet"] == "EACCES"


def test_seccomp_refuses_namespaces_tracing_ipc_and_kernel_calls(tmp_path):
    need_seccomp()
    table = seccomp.SYSCALLS[MACHINE]
    target = os.fsencode(tmp_path)

    def contain():
        """Should the filter fail, the calls below must not touch the host: as root, move into
        private mount, UTS, IPC and network namespaces first (before the filter)."""
        if os.geteuid() == 0:
            assert c_call("unshare", 0x20000 | 0x04000000 | 0x08000000 | 0x40000000) == "ok"
            assert c_call("mount", None, b"/", None, ctypes.c_ulong(0x4000 | 0x40000), None) == "ok"

    def probe():
        ns = os.open("/proc/self/ns/net", os.O_RDONLY)
        result = {
            # libc wrappers: checks the syscall table against glibc's own numbers
            "unshare": c_call("unshare", 0x40000000),  # CLONE_NEWNET
            "setns": c_call("setns", ns, 0),
            "mount": c_call("mount", b"none", target, b"tmpfs", ctypes.c_ulong(0), None),
            "chroot": c_call("chroot", b"/"),
            "ptrace": c_call("ptrace", 0, 0, None, None),  # PTRACE_TRACEME
            "msgget": c_call("msgget", 0, 0o1600),  # IPC_PRIVATE, IPC_CREAT | 0600
            "shmget": c_call("shmget", 0, 4096, 0o1600),
            "sethostname": c_call("sethostname", b"x", 1),
            # raw numbers
            "keyctl": raw_syscall(table["keyctl"], 0, 0),
            "io_uring_setup": raw_syscall(table["io_uring_setup"], 1, 0),
            "bpf": raw_syscall(table["bpf"], 0, 0, 0),
            "getpid": raw_syscall(39 if MACHINE == "x86_64" else 172),
        }
        if MACHINE == "x86_64":
            result["x32_getpid"] = raw_syscall(0x40000000 | 39)
        return result

    result = filtered(probe, contain)
    assert result.pop("getpid") == "ok"
    refused = {k: v for k, v in result.items() if k not in ("report", "status")}
    assert set(refused.values()) == {"EPERM"}, refused


def test_seccomp_kills_the_process_on_a_foreign_architecture():
    need_seccomp()
    if MACHINE != "x86_64":
        pytest.skip("the 32-bit entry point is tested on x86_64 only")
    import mmap
    import resource

    def int80_getpid():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        code = b"\xb8\x14\x00\x00\x00\xcd\x80\xc3"  # mov eax, 20 (getpid); int 0x80; ret
        page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        page.write(code)
        address = ctypes.addressof(ctypes.c_char.from_buffer(page))
        return {"pid": ctypes.CFUNCTYPE(ctypes.c_int)(address)(), "real": os.getpid()}

    plain = in_child(int80_getpid)
    if plain.get("pid") != plain.get("real"):
        pytest.skip(f"no 32-bit syscall entry on this kernel ({plain})")

    def filtered_int80():
        seccomp.install()
        return int80_getpid()

    assert in_child(filtered_int80)["status"] == "signal SIGSYS"


# ---------------------------------------------------------------- landlock
def need_landlock(minimum: int = 1) -> int:
    if not LINUX:
        pytest.skip("Landlock is Linux only")
    version = landlock.abi()
    if version < minimum:
        pytest.skip(f"Landlock ABI {version} here, this test needs {minimum}")
    return version


@pytest.fixture
def tree(tmp_path):
    for name in ("ro", "rw", "outside"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "file.txt").write_text(name)
    return tmp_path


def test_landlock_limits_files(tree):
    version = need_landlock()
    ro, rw, outside = (str(tree / n) for n in ("ro", "rw", "outside"))

    def probe():
        report = landlock.restrict([ro, str(tree / "missing")], [rw])
        results = {
            "read_inside": attempt(lambda: open(f"{ro}/file.txt").read()),
            "list_inside": attempt(os.listdir, ro),
            "read_outside": attempt(lambda: open(f"{outside}/file.txt").read()),
            "list_outside": attempt(os.listdir, outside),
            "write_read_root": attempt(lambda: open(f"{ro}/new.txt", "w").close()),
            "overwrite_read_root": attempt(lambda: open(f"{ro}/file.txt", "a").close()),
            "write_outside": attempt(lambda: open(f"{outside}/new.txt", "w").close()),
            "write_inside": attempt(lambda: open(f"{rw}/new.txt", "w").write("x")),
            "mkdir_inside": attempt(os.mkdir, f"{rw}/sub"),
            "remove_inside": attempt(os.unlink, f"{rw}/file.txt"),
            "rename_out": attempt(os.rename, f"{rw}/new.txt", f"{ro}/moved.txt"),
            "char_device": attempt(os.mknod, f"{rw}/null", 0o20600, os.makedev(1, 3)),
            "dev_null": attempt(lambda: open("/dev/null", "w").write("x")),
            "dev_urandom": attempt(lambda: open("/dev/urandom", "rb").read(8)),
        }
        pid = os.fork()  # children inherit the domain
        if pid == 0:
            try:
                open(f"{outside}/file.txt").read()
                os._exit(0)
            except OSError:
                os._exit(13)
        results["child_read_outside"] = os.waitpid(pid, 0)[1] >> 8
        return {"report": report, **results}

    result = in_child(probe)
    assert result["status"] == "exit 0", result
    assert result["report"]["landlock"].startswith(f"ABI {version}: files (read: 1 paths, "
                                                   f"write: 1 paths")
    for name in ("read_inside", "list_inside", "write_inside", "mkdir_inside", "remove_inside",
                 "dev_null", "dev_urandom"):
        assert result[name] == "ok", (name, result)
    for name in ("read_outside", "list_outside", "write_read_root", "overwrite_read_root",
                 "write_outside", "char_device"):
        assert result[name] == "EACCES", (name, result)
    assert result["rename_out"] in ("EACCES", "EXDEV")
    assert result["child_read_outside"] == 13
    assert not (tree / "outside" / "new.txt").exists() and not (tree / "rw" / "null").exists()


def test_landlock_refuses_tcp():
    need_landlock(4)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        address = server.getsockname()

        def probe():
            before = attempt(lambda: socket.create_connection(address, timeout=5).close())
            report = landlock.restrict([], [])
            return {"before": before, "report": report,
                    "connect": attempt(lambda: socket.create_connection(address, timeout=5)),
                    "bind": attempt(lambda: socket.socket().bind(("127.0.0.1", 0)))}

        result = in_child(probe)
    assert result["before"] == "ok", "the test must be able to connect without Landlock"
    assert "no TCP" in result["report"]["landlock"]
    assert result["connect"] == "EACCES"
    assert result["bind"] == "EACCES"


def test_landlock_scopes_signals_and_abstract_sockets():
    need_landlock(6)
    name = f"\0speedlit-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(name)
        server.listen(4)

        def probe():
            def connect():
                with socket.socket(socket.AF_UNIX) as client:
                    client.connect(name)

            before = {"signal": attempt(os.kill, os.getppid(), 0), "abstract": attempt(connect)}
            landlock.restrict([], [])
            inner = os.fork()  # created after restrict: inside the domain
            if inner == 0:
                time.sleep(30)
                os._exit(0)
            after = {"signal_parent": attempt(os.kill, os.getppid(), 0),
                     "signal_parent_cont": attempt(os.kill, os.getppid(), signal.SIGCONT),
                     "signal_self": attempt(os.kill, os.getpid(), 0),
                     "signal_inner_child": attempt(os.kill, inner, signal.SIGKILL),
                     "abstract": attempt(connect)}
            os.waitpid(inner, 0)
            return {"before": before, "after": after}

        result = in_child(probe)
    assert result["before"] == {"signal": "ok", "abstract": "ok"}, result
    assert result["after"] == {"signal_parent": "EPERM", "signal_parent_cont": "EPERM",
                               "signal_self": "ok", "signal_inner_child": "ok",
                               "abstract": "EPERM"}, result


# ---------------------------------------------------------------- cgroups
PREFIX = f"speedlit-test-{os.getpid()}-"


def need_cgroups():
    if not LINUX:
        pytest.skip("cgroups are Linux only")
    if cgroups.probe() is None:
        who = "not root and no delegated cgroup" if os.geteuid() else "read-only or no controller"
        pytest.skip(f"no writable cgroup hierarchy with a memory controller ({who})")


@pytest.fixture
def make_group():
    """Factory for job groups named after this test run; all are removed and checked gone."""
    need_cgroups()
    made: list[cgroups.JobCgroup] = []
    counter = iter(range(1000))

    def make(memory_bytes=256 << 20, pids=64, cpu_cores=1.0):
        group = cgroups.JobCgroup.create(f"{PREFIX}{next(counter)}", memory_bytes=memory_bytes,
                                         pids=pids, cpu_cores=cpu_cores)
        made.append(group)
        return group

    yield make
    leftovers = [path for group in made for path in group.paths]
    for group in made:
        group.remove()
    cgroups.JobCgroup.reap_stale(PREFIX, min_age=0)
    assert not [p for p in leftovers if os.path.exists(p)]
    assert not _test_groups_left()


def _test_groups_left() -> list[str]:
    _, parents = cgroups._layout()
    return [os.path.join(parent, name) for parent in set(parents.values())
            for name in os.listdir(parent) if name.startswith(PREFIX)]


class Member:
    """A forked child that waits until it is in ``group`` before running ``fn``."""

    def __init__(self, group, fn, *args):
        self.read_fd, write_fd = os.pipe()
        go_read, go_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - child
            try:
                os.close(self.read_fd)
                os.close(go_write)
                os.read(go_read, 1)
                os.write(write_fd, json.dumps(fn(*args)).encode())
            finally:
                os._exit(0)
        os.close(write_fd)
        os.close(go_read)
        try:
            group.add(self.pid)
        except BaseException:  # never let it run outside the group
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.read_fd)
            os.close(go_write)
            raise
        os.write(go_write, b"go")
        os.close(go_write)

    def result(self, timeout: float = 30.0) -> tuple[dict | None, str]:
        data = _read_until_eof(self.read_fd, timeout, self.pid)
        status = os.waitpid(self.pid, 0)[1]
        return (json.loads(data) if data else None), _describe(status)


def test_cgroup_probe_describes_the_hierarchy():
    need_cgroups()
    text = cgroups.probe()
    assert text.startswith(("cgroup v1 (memory", "cgroup v2 (memory")), text
    assert cgroups.probe() is text  # cached


def test_cgroup_memory_limit_kills_the_job(make_group):
    group = make_group(memory_bytes=64 << 20)

    def allocate():
        small = b"\x01" * (8 << 20)
        big = b"\x01" * (200 << 20)
        return {"allocated": len(small) + len(big)}

    result, status = Member(group, allocate).result()
    assert (result, status) == (None, "signal SIGKILL")
    assert group.oom_killed()
    peak = group.memory_peak_bytes()
    assert peak is None or 8 << 20 <= peak <= 64 << 20
    assert not group.pids()


def test_cgroup_small_job_is_not_oom_killed(make_group):
    group = make_group(memory_bytes=64 << 20)
    result, status = Member(group, lambda: {"n": len(b"\x01" * (16 << 20))}).result()
    assert (result, status) == ({"n": 16 << 20}, "exit 0")
    assert not group.oom_killed()


def test_cgroup_pids_limit_stops_thread_and_fork_bombs(make_group):
    group = make_group(pids=10)

    def bomb():
        stop, threads = threading.Event(), []
        try:
            for _ in range(30):
                thread = threading.Thread(target=stop.wait)
                thread.start()
                threads.append(thread)
        except RuntimeError:
            pass
        stop.set()
        for thread in threads:
            thread.join()
        children, fork_error = [], None
        try:
            for _ in range(30):
                pid = os.fork()
                if pid == 0:
                    time.sleep(60)
                    os._exit(0)
                children.append(pid)
        except OSError as exc:
            fork_error = errno.errorcode[exc.errno]
        for pid in children:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        return {"threads": len(threads), "forks": len(children), "fork_error": fork_error}

    result, status = Member(group, bomb).result()
    assert status == "exit 0", result
    assert 1 <= result["threads"] <= 9, result  # the main thread is one of the 10 tasks
    assert 1 <= result["forks"] <= 9 and result["fork_error"] == "EAGAIN", result


def test_cgroup_counts_and_limits_cpu(make_group):
    group = make_group(cpu_cores=0.5)

    def spin():
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            pass
        return {}

    before = group.cpu_seconds()
    result, status = Member(group, spin).result()
    used = group.cpu_seconds() - before
    assert status == "exit 0"
    assert 0.25 <= used <= 0.75, f"{used:.2f} s of CPU in 1 s with half a core"


def test_cgroup_kill_ends_every_process_of_the_job(make_group):
    group = make_group()
    result_read, result_write = os.pipe()
    harness = os.fork()
    if harness == 0:  # pragma: no cover - child; a subreaper, so it reaps orphaned grandchildren
        try:
            libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER

            def sleeper(fork_too):
                if fork_too and os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                time.sleep(60)
                return {}

            members = [Member(group, sleeper, fork_too) for fork_too in (True, False)]
            deadline = time.monotonic() + 5
            while len(group.pids()) < 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            seen = len(group.pids())
            group.kill()
            statuses = [m.result()[1] for m in members]
            orphans = []
            while True:
                try:
                    orphans.append(_describe(os.wait()[1]))
                except ChildProcessError:
                    break
            report = {"seen": seen, "statuses": statuses, "orphans": orphans,
                      "left": sorted(group.pids())}
            os.write(result_write, json.dumps(report).encode())
        finally:
            os._exit(0)
    os.close(result_write)
    data = _read_until_eof(result_read, 30, harness)
    os.waitpid(harness, 0)
    report = json.loads(data)
    assert report == {"seen": 3, "statuses": ["signal SIGKILL"] * 2,
                      "orphans": ["signal SIGKILL"], "left": []}, report


def test_cgroup_remove_leaves_nothing_and_is_idempotent(make_group):
    group = make_group()
    paths = list(group.paths)
    assert paths and all(os.path.isdir(p) for p in paths)
    member = Member(group, time.sleep, 60)
    group.remove()
    assert member.result()[1] == "signal SIGKILL"
    assert not any(os.path.exists(p) for p in paths)
    group.remove()
    with cgroups.JobCgroup.create(f"{PREFIX}ctx", memory_bytes=64 << 20, pids=16,
                                  cpu_cores=1) as other:
        inside = list(other.paths)
        assert all(os.path.isdir(p) for p in inside)
    assert not any(os.path.exists(p) for p in inside)


def test_cgroup_reap_stale_removes_only_abandoned_groups(make_group):
    abandoned = make_group()
    stale_paths = list(abandoned.paths)
    abandoned.paths, abandoned.dirs = [], {}  # as if its zygote had crashed
    busy = make_group()
    member = Member(busy, time.sleep, 60)
    try:
        assert cgroups.JobCgroup.reap_stale(PREFIX) == []  # too young with the default age
        removed = cgroups.JobCgroup.reap_stale(PREFIX, min_age=0)
        assert sorted(removed) == sorted(stale_paths)
        assert not any(os.path.exists(p) for p in stale_paths)
        assert all(os.path.isdir(p) for p in busy.paths)
    finally:
        busy.kill()
        member.result()


# ---------------------------------------------------------------- degrading elsewhere
def test_landlock_unavailable_raises_unsupported(monkeypatch):
    monkeypatch.setattr(landlock, "abi", lambda: 0)
    with pytest.raises(landlock.Unsupported):
        landlock.restrict(["/"], [])


def test_cgroups_unavailable_probe_is_none(monkeypatch):
    monkeypatch.setattr(cgroups, "_cache", {"layout": (0, {})})
    assert cgroups.probe() is None
    with pytest.raises(OSError):
        cgroups.JobCgroup.create("never", memory_bytes=1 << 20, pids=4, cpu_cores=1)
    assert cgroups.JobCgroup.reap_stale(PREFIX) == []


def test_cgroups_find_this_process_in_a_nested_container(monkeypatch):
    """A container's cgroup mounts are subtrees: paths resolve against each mount's root."""
    files = {
        "/proc/self/cgroup": "12:memory:/docker/abc/job\n11:cpu,cpuacct:/docker/abc\n"
                             "1:name=systemd:/docker/abc\n0::/docker/abc/job\n",
        "/proc/self/mountinfo":
            "30 25 0:26 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n"
            "31 25 0:27 /docker/abc /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
            "32 25 0:28 /other /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n"
            "33 25 0:29 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
            "34 25 0:30 / /mnt/with\\040space rw - ext4 /dev/sda1 rw\n",
    }
    monkeypatch.setattr(cgroups, "_read", files.__getitem__)
    assert cgroups._own_cgroups() == [
        (1, frozenset({"memory"}), "/sys/fs/cgroup/memory/job"),
        (1, frozenset({"cpu", "cpuacct"}), "/sys/fs/cgroup/cpu,cpuacct"),
        (2, frozenset(), "/sys/fs/cgroup/unified/docker/abc/job"),
    ]  # name=systemd: this process's cgroup is outside that mount's root


def _spin(seconds):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # both spinners share one CPU
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return {"cpu": time.process_time()}


def test_a_lowered_group_only_gets_the_cpu_others_leave(make_group):
    """What the zygote does to a job that has run longer than any honest grading: with two
    busy jobs on one CPU, the one in the lowered group gets a small fraction of it."""
    low, normal = make_group(), make_group()
    assert low.lower_priority() and getattr(low, "lowered", False)
    slow, fast = Member(low, _spin, 2.0), Member(normal, _spin, 2.0)
    (slow_used, slow_status), (fast_used, fast_status) = slow.result(), fast.result()
    assert slow_status == fast_status == "exit 0"
    assert fast_used["cpu"] > 5 * slow_used["cpu"], (slow_used, fast_used)
    low.reset()  # the next job in this group starts with the usual share again
    assert not low.lowered
