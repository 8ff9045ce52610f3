"""What grading one submission produces, and its JSON form (the shape every format starts from)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from checkers import CHECKER_VERSION

ERROR_KINDS = ("syntax", "timeout", "memory", "output", "crash", "forbidden", "sandbox")


@dataclass
class CheckResult:
    name: str
    passed: bool
    score: float
    max_score: float
    message: str = ""
    line: int | None = None
    task: int | None = None
    mistake: str | None = None


@dataclass
class Result:
    exercise: str
    file: str
    passed: bool
    score: float
    max_score: float
    execution_time: float
    checks: list[CheckResult]
    error: dict | None
    isolation: dict
    submission_sha256: str
    checker_version: str = CHECKER_VERSION
    output: str = ""
    observed: dict | None = field(default=None, repr=False)

    def to_dict(self, *, with_observed: bool = False) -> dict:
        data = asdict(self)
        data["execution_time"] = round(self.execution_time, 4)
        if not with_observed:
            data.pop("observed")
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Result":
        """A result read back from its JSON form (``to_dict``), e.g. from the progress
        database; fields it does not know are ignored."""
        known = {f for f in cls.__dataclass_fields__}
        fields = {k: v for k, v in data.items() if k in known}
        fields["checks"] = [CheckResult(**{k: v for k, v in c.items()
                                           if k in CheckResult.__dataclass_fields__})
                            for c in data.get("checks", [])]
        for name in ("exercise", "file", "submission_sha256"):
            fields.setdefault(name, "")
        fields.setdefault("passed", False)
        fields.setdefault("score", 0)
        fields.setdefault("max_score", 0)
        fields.setdefault("execution_time", 0.0)
        fields.setdefault("error", None)
        fields.setdefault("isolation", {})
        return cls(**fields)

    @property
    def headline(self) -> str:
        if self.error:
            return f"{self.error['kind']}: {self.error['message']}"
        verdict = "passed" if self.passed else "not yet"
        return f"{verdict} — {self.score:g}/{self.max_score:g} points"


def not_graded(exercise, file: str, kind: str, message: str) -> Result:
    """A result for a file that was not graded (the grader failed, no file, no sandbox): every
    check at zero, "Not graded.", and ``message`` saying why."""
    checks = [CheckResult(c.name, False, 0, c.points, "Not graded.", task=c.task)
              for c in exercise.checks]
    return Result(exercise.id, file, False, 0, exercise.max_score, 0.0, checks,
                  {"kind": kind, "message": message}, {}, "")
