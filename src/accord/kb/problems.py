"""Small shared checks for YAML mappings: unknown keys, required keys, types, with hints."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from accord.errors import Problem, did_you_mean
from accord.kb.yamlread import Located


class Collector:
    """Collect every problem in one file so they can all be reported at once."""

    def __init__(self, src: Located) -> None:
        self.src = src
        self.problems: list[Problem] = []

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
                    hint=did_you_mean(str(key), allowed),
                )
        for key in required:
            if key not in value:
                self.add(path, f"missing required key '{key}'", expected=f"a '{key}' entry")

    def text(self, value: Any, path: tuple[Any, ...], *, required: bool = True) -> str:
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None and not required:
            return ""
        self.add(path, "must be non-empty text", expected="text")
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
