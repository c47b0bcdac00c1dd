"""Small helpers shared by the brief context's records and builders."""

from __future__ import annotations

from dataclasses import field
from typing import Any


def doc(text: str) -> Any:
    """Declare a context field with its documentation (shown in the template reference)."""
    return field(metadata={"doc": text})


def show(value: object) -> str:
    """A fact value in words: yes/no for booleans, lists joined, underscores as spaces."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value).replace("_", " ")
