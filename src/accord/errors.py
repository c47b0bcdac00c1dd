"""Accord's error hierarchy and exit codes: every expected failure is an AccordError."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

# Exit codes are a contract with scripts and CI jobs; the README documents them.
EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # the run worked, and a check the user asked for (e.g. --fail-on) failed
EXIT_BAD_INPUT = 2  # a proposal, knowledge base or option is wrong; nothing was produced
EXIT_INTERNAL = 3  # a bug in Accord; the message says so


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    expected: str | None = None
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def render(self) -> str:
        head = f"{self.location()}: {self.severity}"
        if self.field:
            head += f" in '{self.field}'"
        parts = [f"{head}: {self.message}"]
        if self.expected:
            parts.append(f"    expected: {self.expected}")
        if self.hint:
            parts.append(f"    hint: {self.hint}")
        return "\n".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
            "expected": self.expected,
            "hint": self.hint,
        }


class AccordError(Exception):
    """Base of every error Accord expects; the CLI turns it into a message and an exit code."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def render(self) -> str:
        lines = [self.message]
        lines.extend(p.render() for p in self.problems)
        return "\n".join(lines)


class InputFileError(AccordError):
    """A file could not be read as YAML at all (missing, empty, not UTF-8, bad syntax)."""


class ProposalError(AccordError):
    """A proposal file does not fit the vocabulary."""


class KnowledgeBaseError(AccordError):
    """The knowledge base is inconsistent; it cannot be used until fixed."""


class EngineError(AccordError):
    """The inference engine failed or disagreed with its guards; this is never the user's fault."""

    exit_code = EXIT_INTERNAL


class UsageError(AccordError):
    """An option or argument combination that cannot work."""


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return a 'did you mean' hint for a misspelt word, or None when nothing is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in options}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f"did you mean '{close[0]}'?" if close else None


def problems_error(cls: type[AccordError], what: str, problems: list[Problem]) -> AccordError:
    """Build one error that carries every problem found, with a count in its message."""
    errors = [p for p in problems if p.severity == "error"]
    n = len(errors)
    noun = "problem" if n == 1 else "problems"
    return cls(f"{what}: {n} {noun} found", problems)
