"""Run untrusted learner code in isolated, short-lived processes forked from warm zygotes.

``SandboxPool(entry, workers)`` is the whole interface for the engine: ``run(Job)`` /
``map(jobs)`` return a ``JobResult`` per job, whatever the job did. Layers, outermost first:
``pool.py`` (the server's side), ``zygote.py`` (the pre-warmed fork server), ``isolation.py``
(namespaces, private root, rlimits, uid drop in the child) and ``guard.py`` (an audit hook that
turns forbidden operations into plain-language errors).
"""
from checkers.sandbox.guard import SandboxViolation, Violations, install_guard
from checkers.sandbox.isolation import enter_sandbox
from checkers.sandbox.pool import Job, JobResult, Limits, SandboxPool

__all__ = ["Job", "JobResult", "Limits", "SandboxPool", "SandboxViolation", "Violations",
           "enter_sandbox", "install_guard"]
