"""Small shared checks for YAML mappings: unknown keys, required keys, types, with hints."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from accord.errors import Problem, did_you_mean
from accord.kb.yamlread import Located

MAX_HINTS = 20  # "did you mean" hints looked for in one file; past them, none (for speed)


class Collector:
    """Collect every problem in one file so they can all be reported at once.

    It starts with the problems the YAML reader passed on (src.problems: duplicate keys,
    refused tags), so those never hide the others.
    """

    def __init__(self, src: Located) -> None:
        self.src = src
        self.problems: list[Problem] = list(src.problems)
        self.hints = 0
        self.missing: set[tuple[Any, ...]] = set()  # required keys already reported missing

    def hint(self, word: Any, choices: Iterable[str]) -> str | None:
        """did_you_mean for the first MAX_HINTS calls on this file, then None."""
        self.hints += 1
        if self.hints > MAX_HINTS:
            return None
        return did_you_mean(str(word), choices)

    def add(
        self,
        path: tuple[Any, ...],
        message: str,
        *,
        expected: str | None = None,
        hint: str | None = None,
        severity: str = "error",
    ) -> None:
        self.problems.append(
            Problem(
                self.src.file,
                message,
                line=self.src.line(*path),
                field=dotted(path) or None,
                expected=expected,
                hint=hint,
                severity=severity,
            )
        )

    def mapping(self, value: Any, path: tuple[Any, ...], what: str) -> dict[Any, Any] | None:
        if isinstance(value, dict):
            return value
        self.add(path, f"{what} must be a mapping of 'key: value' lines", expected="a mapping")
        return None

    def keys(
        self,
        value: dict[str, Any],
        path: tuple[Any, ...],
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> None:
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.add(
                    path + (key,),
                    f"unknown key '{key}'",
                    expected="one of: " + ", ".join(sorted(allowed)),
                    hint=self.hint(key, allowed),
                )
        for key in required:
            if key not in value:
                self.add(path, f"missing required key '{key}'", expected=f"an entry '{key}'")
                self.missing.add(path + (key,))

    def text(self, value: Any, path: tuple[Any, ...], *, required: bool = True) -> str:
        """Return value as stripped text; report anything else (once: a required key already
        reported missing is not reported again). Numbers and booleans get a hint to quote."""
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None and (not required or path in self.missing):
            return ""
        hint = None
        if isinstance(value, (bool, int, float)):
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            hint = f'YAML reads {shown} as a {"true/false value" if isinstance(value, bool) else "number"}; put text in quotes: "{shown}"'
        self.add(path, "must be non-empty text", expected="text", hint=hint)
        return ""

    def text_list(self, value: Any, path: tuple[Any, ...]) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(path, "must be a list of words", expected="a list such as [A, B]")
            return ()
        return tuple(value)


def dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
