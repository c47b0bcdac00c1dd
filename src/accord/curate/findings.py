"""What the lint checks report: their names, and one Finding per anomaly, naming its rules."""

from __future__ import annotations

from dataclasses import dataclass

from accord.kb.model import Accepted

CHECKS = (
    "duplicate",
    "subsumed",
    "contradiction",
    "unreachable",
    "dead-end",
    "unused-fact",
    "unaddressed-risk",
    "overgraded",
)


@dataclass(frozen=True)
class Finding:
    check: str
    message: str
    rules: tuple[str, ...]
    file: str
    line: int | None = None
    hint: str = ""
    subject: str = ""  # the fact a finding is about, when it is about a fact

    @property
    def subjects(self) -> tuple[str, ...]:
        return self.rules + ((self.subject,) if self.subject else ())

    def render(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        out = f"{loc}: {self.check}: {self.message} [rules: {', '.join(self.rules) or '-'}]"
        if self.hint:
            out += f"\n    hint: {self.hint}"
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "message": self.message,
            "rules": list(self.rules),
            "file": self.file,
            "line": self.line,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class LintReport:
    findings: tuple[Finding, ...]
    accepted: tuple[tuple[Finding, str], ...]  # findings kb.yaml accepts, with the reason
    stale: tuple[Accepted, ...] = ()  # acceptances in kb.yaml that match no finding any more

    @property
    def clean(self) -> bool:
        return not self.findings
