"""A seccomp filter for the grading child: the kernel itself refuses what learner code never needs.

The namespaces, private root and uid drop of ``isolation.py`` limit what the child can reach;
this filter limits what it can *ask the kernel to do*, so a bug in one layer is not a way out.
It is a classic-BPF program assembled here by hand (no libseccomp) and installed with
``seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC)``, so every thread of the process
gets it at once; the filter is inherited by everything the process could still start.

Policy (``EPERM`` unless said otherwise):

* a foreign architecture (e.g. 32-bit ``int 0x80`` on x86_64) kills the process; x32 calls fail;
* no new processes or programs: ``fork``, ``vfork``, ``execve``, ``execveat``, and ``clone``
  unless it makes a thread (``CLONE_THREAD``, no namespace flags). ``clone3`` fails with
  ``ENOSYS`` (its flags live in memory a filter cannot read) so glibc falls back to ``clone``
  and Python threads keep working;
* no namespaces or mounts, no tracing or reading other processes' memory, no BPF, no SysV IPC;
* no sockets but ``AF_UNIX`` (``EACCES``; asyncio's self-pipe is an ``AF_UNIX`` socketpair);
* none of the calls that talk to the kernel as a whole (keys, io_uring, modules, clocks, ...).

``install()`` returns a one-line report, or raises ``Unsupported`` when the architecture is
unknown or the kernel refuses the filter.
"""
from __future__ import annotations

import ctypes
import errno
import os
import sys

AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
X32_SYSCALL_BIT = 0x40000000
CLONE_THREAD = 0x00010000
#: CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 \
    | 0x40000000
AF_UNIX = 1

# The syscalls by name, then their numbers per architecture (aarch64 uses the generic table).
NO_PROCESS = ("fork", "vfork", "execve", "execveat")
NO_NAMESPACE = ("unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_tree",
                "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr")
NO_PEEKING = ("ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
              "perf_event_open", "bpf", "userfaultfd")
NO_SYSV_IPC = ("msgget", "semget", "shmget", "shmat", "semop", "semtimedop", "msgsnd")
NO_KERNEL = ("keyctl", "add_key", "request_key", "io_uring_setup", "io_uring_enter",
             "io_uring_register", "kexec_load", "kexec_file_load", "init_module", "finit_module",
             "delete_module", "reboot", "swapon", "swapoff", "acct", "quotactl", "quotactl_fd",
             "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname",
             "setdomainname", "syslog", "personality", "open_by_handle_at", "name_to_handle_at",
             "iopl", "ioperm", "vhangup")
DENIED = NO_PROCESS + NO_NAMESPACE + NO_PEEKING + NO_SYSV_IPC + NO_KERNEL

SYSCALLS = {
    "x86_64": dict(
        clone=56, clone3=435, socket=41, socketpair=53, seccomp=317,
        fork=57, vfork=58, execve=59, execveat=322,
        unshare=272, setns=308, mount=165, umount2=166, pivot_root=155, chroot=161,
        open_tree=428, move_mount=429, fsopen=430, fsconfig=431, fsmount=432, fspick=433,
        mount_setattr=442,
        ptrace=101, process_vm_readv=310, process_vm_writev=311, pidfd_getfd=438, kcmp=312,
        perf_event_open=298, bpf=321, userfaultfd=323,
        msgget=68, semget=64, shmget=29, shmat=30, semop=65, semtimedop=220, msgsnd=69,
        keyctl=250, add_key=248, request_key=249, io_uring_setup=425, io_uring_enter=426,
        io_uring_register=427, kexec_load=246, kexec_file_load=320, init_module=175,
        finit_module=313, delete_module=176, reboot=169, swapon=167, swapoff=168, acct=163,
        quotactl=179, quotactl_fd=443, settimeofday=164, clock_settime=227, clock_adjtime=305,
        adjtimex=159, sethostname=170, setdomainname=171, syslog=103, personality=135,
        open_by_handle_at=304, name_to_handle_at=303, iopl=172, ioperm=173, vhangup=153),
    "aarch64": dict(  # no fork, vfork, iopl, ioperm
        clone=220, clone3=435, socket=198, socketpair=199, seccomp=277,
        execve=221, execveat=281,
        unshare=97, setns=268, mount=40, umount2=39, pivot_root=41, chroot=51,
        open_tree=428, move_mount=429, fsopen=430, fsconfig=431, fsmount=432, fspick=433,
        mount_setattr=442,
        ptrace=117, process_vm_readv=270, process_vm_writev=271, pidfd_getfd=438, kcmp=272,
        perf_event_open=241, bpf=280, userfaultfd=282,
        msgget=186, semget=190, shmget=194, shmat=196, semop=193, semtimedop=192, msgsnd=189,
        keyctl=219, add_key=217, request_key=218, io_uring_setup=425, io_uring_enter=426,
        io_uring_register=427, kexec_load=104, kexec_file_load=294, init_module=105,
        finit_module=273, delete_module=106, reboot=142, swapon=224, swapoff=225, acct=89,
        quotactl=60, quotactl_fd=443, settimeofday=170, clock_settime=112, clock_adjtime=266,
        adjtimex=171, sethostname=161, setdomainname=162, syslog=116, personality=92,
        open_by_handle_at=265, name_to_handle_at=264, vhangup=58),
}

# Classic BPF opcodes and seccomp return values.
LD_ABS, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06
RET_KILL_PROCESS, RET_ERRNO, RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000
# Offsets in struct seccomp_data: int nr; u32 arch; u64 ip; u64 args[6] (little-endian).
NR, ARCH, ARG0_LOW = 0, 4, 16
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC = 1, 1

REPORT = ("filter: no new processes or programs, no namespaces, no ptrace, no network sockets "
          "except AF_UNIX, no SysV IPC, no kernel-facing calls")


class Unsupported(OSError):
    pass


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def assemble(program: list) -> list[tuple[int, int, int, int]]:
    """Resolve labels: ``program`` holds label strings and ``(code, k, jt, jf)`` tuples whose
    ``jt``/``jf`` are label names (``None`` = the next instruction)."""
    labels, code = {}, []
    for item in program:
        if isinstance(item, str):
            labels[item] = len(code)
        else:
            code.append(item)

    def offset(pc: int, target: str | None) -> int:
        if target is None:
            return 0
        jump = labels[target] - pc - 1
        if not 0 <= jump <= 255:
            raise ValueError(f"jump to {target!r} out of range ({jump})")
        return jump

    return [(op, offset(pc, jt), offset(pc, jf), k) for pc, (op, k, jt, jf) in enumerate(code)]


def program(machine: str) -> list[tuple[int, int, int, int]]:
    """The filter for ``machine`` (``os.uname().machine``) as (code, jt, jf, k) tuples."""
    if machine not in SYSCALLS:
        raise Unsupported(errno.ENOSYS, f"seccomp: no syscall table for {machine}")
    nr = SYSCALLS[machine]
    src = [(LD_ABS, ARCH, None, None),
           (JEQ, AUDIT_ARCH[machine], None, "kill"),
           (LD_ABS, NR, None, None)]
    if machine == "x86_64":
        src.append((JGE, X32_SYSCALL_BIT, "eperm", None))
    src += [(JEQ, nr["clone"], "clone", None),
            (JEQ, nr["clone3"], "enosys", None),
            (JEQ, nr["socket"], "socket", None),
            (JEQ, nr["socketpair"], "socket", None)]
    src += [(JEQ, nr[name], "eperm", None) for name in DENIED if name in nr]
    src += [(RET, RET_ALLOW, None, None),
            "clone", (LD_ABS, ARG0_LOW, None, None),
            (JSET, CLONE_THREAD, None, "eperm"),
            (JSET, CLONE_NAMESPACES, "eperm", "allow"),
            "socket", (LD_ABS, ARG0_LOW, None, None),
            (JEQ, AF_UNIX, "allow", "eacces"),
            "allow", (RET, RET_ALLOW, None, None),
            "eperm", (RET, RET_ERRNO | errno.EPERM, None, None),
            "eacces", (RET, RET_ERRNO | errno.EACCES, None, None),
            "enosys", (RET, RET_ERRNO | errno.ENOSYS, None, None),
            "kill", (RET, RET_KILL_PROCESS, None, None)]
    return assemble(src)


def install() -> dict:
    """Install the filter on every thread of the calling process; returns the report."""
    if not sys.platform.startswith("linux"):
        raise Unsupported(errno.ENOSYS, "seccomp: not Linux")
    machine = os.uname().machine
    code = program(machine)
    filters = (SockFilter * len(code))(*[SockFilter(op, jt, jf, k) for op, jt, jf, k in code])
    prog = SockFprog(len(code), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:  # normally set already; harmless
        err = ctypes.get_errno()
        raise Unsupported(err, f"seccomp: no_new_privs: {os.strerror(err)}")
    result = libc.syscall(ctypes.c_long(SYSCALLS[machine]["seccomp"]),
                          ctypes.c_long(SECCOMP_SET_MODE_FILTER),
                          ctypes.c_long(SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(prog))
    if result > 0:  # TSYNC: the id of a thread that could not be synchronised
        raise Unsupported(errno.EBUSY, f"seccomp: thread {result} cannot take the filter")
    if result < 0:
        err = ctypes.get_errno()
        if err != errno.ENOSYS:
            raise Unsupported(err, f"seccomp: {os.strerror(err)}")
        if _other_threads():  # prctl filters only the calling thread
            raise Unsupported(err, "seccomp: no seccomp(2) for TSYNC and threads are running")
        if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
            err = ctypes.get_errno()
            raise Unsupported(err, f"seccomp: {os.strerror(err)}")
    return {"seccomp": REPORT}


def _other_threads() -> bool:
    """True when the process runs more than one thread (or /proc cannot tell)."""
    try:
        return len(os.listdir("/proc/self/task")) > 1
    except OSError:
        return True
