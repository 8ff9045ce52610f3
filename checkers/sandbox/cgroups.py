"""One cgroup per grading job: limits for the job as a whole, and nothing it starts survives it.

Resource limits (``setrlimit``) are per process: a job that starts threads or processes gets
a fresh allowance for each, and whatever it started outlives it. A control group counts
memory, tasks and CPU time for every process and thread in it, however they were made, and can
be emptied in one go. So the zygote puts each job child in a ``JobCgroup`` of its own:

* memory (``memory.max`` / ``memory.limit_in_bytes``, no swap): when all its processes
  together exceed the limit, the kernel's OOM killer kills the biggest one of the job (never a
  process outside it), and ``oom_killed()`` tells;
* tasks (``pids.max``): a fork or thread bomb hits a wall (``EAGAIN``) instead of the host;
* CPU (CFS quota): at most ``cpu_cores`` cores, and ``cpu_seconds()`` for the whole job;
* ``kill()``: ``cgroup.kill`` where the kernel has it (also on a hybrid host, through the
  unified cgroup2 hierarchy), else SIGKILL to every member until none is left.

Groups are made beneath this process's own cgroup in each hierarchy (``/proc/self/cgroup``,
resolved through ``/proc/self/mountinfo``), so it works in nested containers. Pure cgroup v2
(controllers enabled in the parent's ``cgroup.subtree_control`` when needed, which the kernel
refuses while that cgroup holds processes itself, unless it is the root) and v1 (separate
``memory``, ``pids``, ``cpu``, ``cpuacct`` hierarchies) are both supported; ``probe()`` says
which one is usable, or None (not Linux, not root, read-only or no memory controller).
Directories are named ``speedlit-<name>``; ``JobCgroup.reap_stale`` clears leftovers of a crash.
"""
from __future__ import annotations

import errno
import os
import re
import signal
import time

PREFIX = "speedlit-"
CPU_PERIOD_US = 100_000
V1_ROLES = ("memory", "pids", "cpu", "cpuacct")
V2_CONTROLLERS = ("memory", "pids", "cpu")
_cache: dict = {}


def _read(path: str) -> str:
    with open(path) as handle:
        return handle.read()


def _write(path: str, value) -> None:
    with open(path, "w") as handle:
        handle.write(str(value))


def _stat_field(path: str, key: str) -> int | None:
    """A value from a ``key value`` per line file (memory.events, cpu.stat, memory.oom_control)."""
    try:
        for line in _read(path).splitlines():
            name, _, value = line.partition(" ")
            if name == key:
                return int(value)
    except (OSError, ValueError):
        pass
    return None


def _own_cgroups() -> list[tuple[int, frozenset, str]]:
    """(version, controllers, this process's cgroup directory) for each mounted hierarchy."""
    member = {}
    for line in _read("/proc/self/cgroup").splitlines():
        _, controllers, path = line.split(":", 2)
        member[frozenset(filter(None, controllers.split(",")))] = path
    found, seen = [], set()
    for line in _read("/proc/self/mountinfo").splitlines():
        left, _, right = line.partition(" - ")
        fields, (fstype, _source, options) = left.split(), right.split()[:3]
        if fstype == "cgroup2":
            version, key = 2, frozenset()
        elif fstype == "cgroup":
            version = 1
            key = next((k for k in member if k and k <= set(options.split(","))), None)
        else:
            continue
        if key is None or key not in member or (version, key) in seen:
            continue
        root, mountpoint = (re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), f)
                            for f in fields[3:5])
        rel = os.path.relpath(member[key], root)
        if rel.startswith(".."):
            continue  # this process's cgroup is not visible through this mount
        seen.add((version, key))
        found.append((version, key, os.path.normpath(os.path.join(mountpoint, rel))))
    return found


def _layout() -> tuple[int, dict[str, str]]:
    """(version, role -> parent directory); roles: memory, pids, cpu, cpuacct, unified."""
    if "layout" not in _cache:
        try:
            hierarchies = _own_cgroups()
        except (OSError, ValueError):
            hierarchies = []
        v2 = next((path for version, _, path in hierarchies if version == 2), None)
        v1 = {role: path for version, key, path in hierarchies if version == 1
              for role in V1_ROLES if role in key}
        try:
            available = _read(os.path.join(v2, "cgroup.controllers")).split() if v2 else []
        except OSError:
            available = []
        if "memory" in available:
            roles = [role for role in V2_CONTROLLERS if role in available] + ["unified"]
            layout = (2, dict.fromkeys(roles, v2))
        elif "memory" in v1:
            layout = (1, dict(v1, **({"unified": v2} if v2 else {})))
        else:
            layout = (0, {})
        _cache["layout"] = layout
    return _cache["layout"]


def probe() -> str | None:
    """What is usable, e.g. ``"cgroup v2 (memory, pids, cpu)"``; None when nothing is.
    Tries a real group once (creating, limiting, removing it) and caches the answer."""
    if "probe" not in _cache:
        try:
            name = f"probe-{os.getpid()}-{os.urandom(3).hex()}"
            with JobCgroup.create(name, memory_bytes=1 << 30, pids=1024, cpu_cores=1.0) as group:
                roles = [r for r in V1_ROLES if r in group.dirs]
                text = f"cgroup v{group.version} ({', '.join(roles)})"
                if group.version == 1 and group.can_kill():
                    text += " + cgroup2 for cgroup.kill"
            _cache["probe"] = text
        except OSError:
            _cache["probe"] = None
    return _cache["probe"]


def _enable_controllers(parent: str) -> None:
    """cgroup v2: let children of ``parent`` use memory (required), pids and cpu (if offered)."""
    offered = _read(os.path.join(parent, "cgroup.controllers")).split()
    enabled = _read(os.path.join(parent, "cgroup.subtree_control")).split()
    for controller in V2_CONTROLLERS:
        if controller in offered and controller not in enabled:
            try:
                _write(os.path.join(parent, "cgroup.subtree_control"), "+" + controller)
            except OSError:
                if controller == "memory":  # e.g. EBUSY: the parent holds processes itself
                    raise


def _rmdir(path: str, timeout: float) -> None:
    """Remove a cgroup directory (and any sub-groups), retrying while it empties."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            for folder, _, _ in sorted(os.walk(path), key=lambda entry: -len(entry[0])):
                os.rmdir(folder)
            return
        except FileNotFoundError:
            if not os.path.exists(path):
                return
        except OSError as exc:
            if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


class JobCgroup:
    """A cgroup (one per hierarchy in v1) holding one grading job. Use ``create``."""

    def __init__(self, name: str, version: int, dirs: dict[str, str]) -> None:
        self.name, self.version = name, version
        self.dirs = dirs  #: role (memory, pids, cpu, cpuacct, unified) -> its directory
        self.paths: list[str] = []  #: the directories made, in order

    @classmethod
    def create(cls, name: str, *, memory_bytes: int, pids: int, cpu_cores: float) -> JobCgroup:
        """Make ``speedlit-<name>`` (``name`` as is if it has the prefix) with these limits."""
        name = name if name.startswith(PREFIX) else PREFIX + name
        if "/" in name or "\0" in name:
            raise ValueError(f"bad cgroup name {name!r}")
        version, parents = _layout()
        if not version:
            raise OSError(errno.ENOTSUP, "no cgroup hierarchy with a memory controller")
        group = cls(name, version, {})
        try:
            for parent in dict.fromkeys(parents.values()):
                if version == 2:
                    _enable_controllers(parent)
                path = os.path.join(parent, name)
                try:
                    os.mkdir(path, 0o755)
                    group.paths.append(path)
                except OSError:
                    if parents.get("unified") != parent or version == 2:
                        raise
                    continue  # hybrid host: the unified hierarchy (for cgroup.kill) is optional
            group.dirs = {role: os.path.join(parent, name) for role, parent in parents.items()
                          if os.path.join(parent, name) in group.paths}
            group._limit(memory_bytes, pids, cpu_cores)
        except BaseException:
            group.remove()
            raise
        return group

    def _limit(self, memory_bytes: int, pids: int, cpu_cores: float) -> None:
        memory = self.dirs["memory"]
        if self.version == 2:
            _write(os.path.join(memory, "memory.max"), memory_bytes)
            if os.path.exists(os.path.join(memory, "memory.swap.max")):
                _write(os.path.join(memory, "memory.swap.max"), 0)
        else:
            _write(os.path.join(memory, "memory.limit_in_bytes"), memory_bytes)
            if os.path.exists(os.path.join(memory, "memory.memsw.limit_in_bytes")):
                _write(os.path.join(memory, "memory.memsw.limit_in_bytes"), memory_bytes)
        if "pids" in self.dirs:
            _write(os.path.join(self.dirs["pids"], "pids.max"), int(pids))
        if "cpu" in self.dirs and cpu_cores > 0:
            quota = max(1000, int(cpu_cores * CPU_PERIOD_US))
            if self.version == 2:
                _write(os.path.join(self.dirs["cpu"], "cpu.max"), f"{quota} {CPU_PERIOD_US}")
            else:
                _write(os.path.join(self.dirs["cpu"], "cpu.cfs_period_us"), CPU_PERIOD_US)
                _write(os.path.join(self.dirs["cpu"], "cpu.cfs_quota_us"), quota)

    def lower_priority(self, low: bool = True) -> bool:
        """Give the group the smallest CPU share (``low``) or the usual one: a job that has
        run longer than any honest grading (an endless loop, say) then only uses CPU the
        others leave. True when the kernel took it."""
        if "cpu" not in self.dirs:
            return False
        if self.version == 2:
            name, value = "cpu.weight", (1 if low else 100)
        else:
            name, value = "cpu.shares", (2 if low else 1024)
        try:
            _write(os.path.join(self.dirs["cpu"], name), value)
        except OSError:
            return False
        self.lowered = low
        return True

    def add(self, pid: int) -> None:
        """Move process ``pid`` (all its threads; 0 = the calling process) into the group."""
        for path in self.paths:
            _write(os.path.join(path, "cgroup.procs"), int(pid))

    def pids(self) -> set[int]:
        """The processes in the group now (exited ones are gone, even before being reaped)."""
        found = set()
        for path in self.paths:
            try:
                found.update(int(pid) for pid in _read(os.path.join(path, "cgroup.procs")).split())
            except OSError:
                pass
        return found

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used by all processes in the group since ``reset``."""
        return self._cpu_total() - getattr(self, "_cpu_base", 0.0)

    def _cpu_total(self) -> float:
        if "cpuacct" in self.dirs:
            return int(_read(os.path.join(self.dirs["cpuacct"], "cpuacct.usage"))) / 1e9
        if "unified" in self.dirs:  # every cgroup2 group has cpu.stat, controller or not
            usec = _stat_field(os.path.join(self.dirs["unified"], "cpu.stat"), "usage_usec")
            if usec is not None:
                return usec / 1e6
        raise OSError(errno.ENOTSUP, "no CPU accounting for this cgroup")

    def memory_peak_bytes(self) -> int | None:
        """The most memory the group ever used (None when the kernel does not say)."""
        name = "memory.peak" if self.version == 2 else "memory.max_usage_in_bytes"
        try:
            return int(_read(os.path.join(self.dirs["memory"], name)))
        except (OSError, ValueError, KeyError):
            return None

    def _oom_count(self) -> int:
        memory = self.dirs.get("memory")
        if memory is None:
            return 0
        if self.version == 2:
            return _stat_field(os.path.join(memory, "memory.events"), "oom_kill") or 0
        kills = _stat_field(os.path.join(memory, "memory.oom_control"), "oom_kill")
        if kills is None:
            try:
                kills = int(_read(os.path.join(memory, "memory.failcnt")))
            except (OSError, ValueError):
                kills = 0
        return kills

    def reset(self) -> None:
        """Make an empty group ready for its next job: counters back to zero where the kernel
        allows it, and an OOM baseline where it does not. Reusing a group matters: the first
        process moved into a new group costs the kernel ~10 ms (v1 cpu); later ones ~0.1 ms."""
        if self.pids():
            raise OSError(errno.EBUSY, f"cgroup {self.name} is not empty")
        for role, name in (("cpuacct", "cpuacct.usage"), ("memory", "memory.max_usage_in_bytes"),
                           ("memory", "memory.failcnt"), ("memory", "memory.peak")):
            path = os.path.join(self.dirs.get(role, "/nonexistent"), name)
            if os.path.exists(path):
                try:
                    _write(path, 0)
                except OSError:
                    pass
        if getattr(self, "lowered", False):
            self.lower_priority(False)
        self._cpu_base = self._cpu_total()
        self._oom_base = self._oom_count()

    def oom_killed(self) -> bool:
        """True when the kernel's OOM killer killed a process of the group because the group
        went over its memory limit (v2 ``memory.events`` / v1 ``memory.oom_control``
        ``oom_kill``). On v1 kernels older than 4.13, which lack that counter, true when the
        group ever hit its limit (``memory.failcnt``), which also counts reclaimed cache."""
        if "memory" not in self.dirs:
            return False
        return self._oom_count() > getattr(self, "_oom_base", 0)

    def can_kill(self) -> bool:
        return "unified" in self.dirs and os.path.exists(
            os.path.join(self.dirs["unified"], "cgroup.kill"))

    def kill(self, timeout: float = 5.0) -> None:
        """SIGKILL every process in the group and wait until it is empty."""
        if self.can_kill():
            try:
                _write(os.path.join(self.dirs["unified"], "cgroup.kill"), 1)
            except OSError:
                pass
        deadline, pause = time.monotonic() + timeout, 0.0002
        while members := self.pids():
            for pid in members:  # without cgroup.kill: repeat, new forks may appear meanwhile
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if time.monotonic() > deadline:
                raise OSError(errno.EBUSY, f"cgroup {self.name} still has processes {members}")
            time.sleep(pause)
            pause = min(pause * 2, 0.02)

    def remove(self, timeout: float = 5.0) -> None:
        """Kill what is left, then delete the group's directories. Safe to call again."""
        if not self.paths:
            return
        self.kill(timeout)
        for path in reversed(self.paths):
            _rmdir(path, timeout)
        self.paths, self.dirs = [], {}

    def __enter__(self) -> JobCgroup:
        return self

    def __exit__(self, *exc) -> None:
        self.remove()

    def __repr__(self) -> str:
        return f"JobCgroup({self.name!r}, v{self.version}, {self.paths})"

    @staticmethod
    def reap_stale(prefix: str = PREFIX, *, min_age: float = 5.0) -> list[str]:
        """Remove groups named ``<prefix>*`` that hold no process and are older than
        ``min_age`` seconds (so one being set up right now is left alone); returns their
        paths. For crash recovery: a zygote that died leaves its job groups behind."""
        version, parents = _layout()
        removed, now = [], time.time()
        for parent in dict.fromkeys(parents.values()) if version else ():
            try:
                names = [n for n in os.listdir(parent) if n.startswith(prefix)]
            except OSError:
                continue
            for name in names:
                path = os.path.join(parent, name)
                try:
                    if (not os.path.isdir(path) or now - os.stat(path).st_mtime < min_age
                            or any(_read(os.path.join(folder, "cgroup.procs")).split()
                                   for folder, _, _ in os.walk(path))):
                        continue
                    _rmdir(path, 1.0)
                    removed.append(path)
                except OSError:
                    continue
        return removed
