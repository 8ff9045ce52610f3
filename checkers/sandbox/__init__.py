"""Run untrusted learner apps in isolated, short-lived processes forked from warm zygotes.

``SandboxPool(workers).start(limits)`` is the whole interface for the engine: it returns an
``AppProcess`` (the judge's end of a channel to the app, the app's output, the isolation
report) or raises ``SandboxUnavailable`` with a reason a person can act on. Layers, outermost
first: ``pool.py`` (the host's side), ``zygote.py`` (the pre-warmed fork server),
``isolation.py`` (namespaces, private root, limits, uid drop, Landlock, seccomp in the child),
``cgroups.py`` (one cgroup per job) and ``guard.py`` (an audit-hook tripwire with clear
messages).
"""
from checkers.sandbox.guard import SandboxViolation
from checkers.sandbox.pool import (AppProcess, Ending, Limits, SandboxPool, SandboxUnavailable,
                                   allow_unconfined)

__all__ = ["AppProcess", "Ending", "Limits", "SandboxPool", "SandboxUnavailable",
           "SandboxViolation", "allow_unconfined"]
