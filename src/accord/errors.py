"""Accord's error hierarchy and exit codes: every expected failure is an AccordError."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Exit codes are a contract with scripts and CI jobs; the README documents them.
EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # the run worked, and a check the user asked for (e.g. --fail-on) failed
EXIT_BAD_INPUT = 2  # a proposal, knowledge base or option is wrong; nothing was produced
EXIT_INTERNAL = 3  # a bug in Accord; the message says so
EXIT_INTERRUPTED = 130  # interrupted (Ctrl-C); an interactive command keeps what was saved


MAX_LISTED = 50  # problems shown in one message before "... and N more"
MAX_SHOWN_CHARS = 300  # characters of one message field before it is shortened
MAX_HINT_WORD = 100  # longest word a "did you mean" is looked for
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def show(value: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """Return str(value) safe for a terminal or a document: control characters escaped
    (ESC becomes \\x1b) and text past limit characters cut, saying how long it was."""
    text = str(value)
    if len(text) > limit:
        text = f"{text[:limit]}... ({len(text):,} characters)"
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can.

    Every text field is passed through show() when the Problem is made, so no message can
    carry a control character or a megabyte of someone's input.
    """

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    expected: str | None = None
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"

    def __post_init__(self) -> None:
        for name in ("file", "message", "field", "expected", "hint"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, show(value, 2000 if name == "expected" else 600))

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
        message = show(message, 600)
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def render(self) -> str:
        """The message, then the first MAX_LISTED problems, then how many more there are."""
        lines = [self.message]
        lines.extend(p.render() for p in self.problems[:MAX_LISTED])
        if len(self.problems) > MAX_LISTED:
            lines.append(f"... and {len(self.problems) - MAX_LISTED:,} more")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """The documented JSON error object (README, "Errors as JSON")."""
        return {
            "error": {
                "exit_code": self.exit_code,
                "message": self.message,
                "problems": [p.as_dict() for p in self.problems[:MAX_LISTED]],
                "more_problems": max(0, len(self.problems) - MAX_LISTED),
            }
        }


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


class EnvironmentProblem(AccordError):
    """The machine got in the way: disk full, permission denied, out of memory, no terminal."""


class LimitError(AccordError):
    """An input or knowledge base is past one of Accord's (or its engine's) documented limits."""


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return a 'did you mean' hint for a misspelt word, or None when nothing is close.

    Words longer than MAX_HINT_WORD characters get no hint (matching them costs time and
    nobody misspells a word that long).
    """
    if len(word) > MAX_HINT_WORD:
        return None
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
