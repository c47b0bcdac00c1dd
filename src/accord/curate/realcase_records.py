"""The real-case library as records: concerns, cases, expectations, and the names they use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from accord.errors import Problem
from accord.inputs.proposal import FactValue, Proposal

CONCERNS_FILE = "concerns.yaml"
LIBRARY_DIR = "realcases"
LIBRARY_FILE = f"{LIBRARY_DIR}/library.yaml"

CALL_LEVELS = ("high concern", "some concern", "low concern", "insufficient information")
# The ultimate outcomes of collaboration (BM-01): "likely" for any of them is a prediction of benefit.
ULTIMATE_OUTCOMES = (
    "innovation",
    "duplication_reduced",
    "best_practice_shared",
    "resource_access",
    "service_gaps_reduced",
    "influence",
)
SYNERGY = ("performance", "synergy")
CONCERN_ID = re.compile(r"^[a-z][a-z0-9_]*$")

HOLDS, FAILS, WAITS = "holds", "fails", "waits"
CASE_KEYS = (
    "file",
    "title",
    "outcome",
    "sources",
    "must_warn",
    "must_not_warn",
    "highest_severity",
    "protective",
    "call",
    "no_synergy",
    "not_form_driven",
)


@dataclass(frozen=True)
class Concern:
    """A concern a board is warned about (concerns.yaml) and the risk rules that warn about it."""

    id: str
    label: str
    description: str
    risks: tuple[str, ...]
    waits_on: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Expectation:
    """One thing a sound assessment must do on a case.

    kind is one of must_warn, must_not_warn, highest_severity, protective, call, no_synergy,
    not_form_driven. concern and severity serve the warn kinds (severity alone serves
    highest_severity), fact and value serve protective (about when the fact cannot be stated
    yet), levels serve call.
    """

    kind: str
    concern: str = ""
    severity: str = ""
    fact: str = ""
    value: FactValue | None = None
    about: str = ""
    levels: tuple[str, ...] = ()
    note: str = ""
    waits_on: str = ""
    line: int | None = None

    @property
    def subject(self) -> str:
        """A short name for the expectation, unique within its case."""
        if self.kind in ("must_warn", "must_not_warn"):
            return f"{self.kind} {self.concern} ({self.severity})"
        if self.kind == "highest_severity":
            return f"highest_severity {self.severity}"
        if self.kind == "protective":
            return (
                f"protective {self.fact}={show_value(self.value)}"
                if self.fact
                else (f"protective: {self.about}")
            )
        if self.kind == "call":
            return "call " + " | ".join(self.levels)
        return self.kind


@dataclass(frozen=True)
class SourceRef:
    title: str
    address: str = ""


@dataclass(frozen=True)
class RealCase:
    """A case of the library: its proposal, what happened, where that is told, and expectations."""

    file: str  # the proposal's file name inside realcases/
    title: str
    outcome: str
    sources: tuple[SourceRef, ...]
    expectations: tuple[Expectation, ...]
    proposal: Proposal
    line: int | None = None

    @property
    def name(self) -> str:
        return self.file.removesuffix(".yaml")


@dataclass(frozen=True)
class Library:
    """A validated library; warnings are problems that do not stop it from running."""

    concerns: dict[str, Concern]
    cases: tuple[RealCase, ...]
    threshold: int
    warnings: tuple[Problem, ...]
    root: str

    def case_paths(self) -> tuple[Path, ...]:
        """The proposal files of the cases, in library order."""
        return tuple(Path(self.root) / LIBRARY_DIR / c.file for c in self.cases)


def show_value(value: object) -> str:
    """A stated value as written in the library: a list in brackets, true/false in lower case."""
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)
