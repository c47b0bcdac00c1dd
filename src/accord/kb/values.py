"""Check and normalise fact values against their definitions (shared by proposals and cases)."""

from __future__ import annotations

import re
from typing import Any

from accord.kb.model import FactDef, Scalar
from accord.kb.problems import Collector

UNKNOWN = "unknown"
YAML11_BOOLS = ("y", "n", "true", "false", "yes", "no", "on", "off")
SEXAGESIMAL = re.compile(
    r"[-+]?[0-9]+(:[0-5]?[0-9])+\Z"
)  # a proposal may say so explicitly; it means the same as leaving it out


def describe_expected(fdef: FactDef) -> str:
    if fdef.type == "enum":
        return "one of: " + ", ".join(fdef.value_names) + " (or unknown)"
    if fdef.type == "set":
        return "a list drawn from: " + ", ".join(fdef.value_names)
    if fdef.type == "bool":
        return "true or false (or unknown)"
    lo = fdef.minimum if fdef.minimum is not None else "any"
    hi = fdef.maximum if fdef.maximum is not None else "any"
    return f"a whole number from {lo} to {hi} (or unknown)"


def normalise_value(
    fdef: FactDef, value: Any, col: Collector, path: tuple[Any, ...], *, what: str | None = None
) -> Scalar | tuple[str, ...] | None:
    """Return the value in canonical form, None when unknown or wrong (wrong is reported).

    what names a value that was derived rather than written (its range message says so).
    """
    if value is None or value == UNKNOWN:
        return None
    expected = describe_expected(fdef)
    if fdef.type == "enum":
        if isinstance(value, str) and value in fdef.value_names:
            return value
        _bad_choice(fdef, value, col, path, expected)
        return None
    if fdef.type == "set":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            col.add(path, f"'{fdef.name}' must be a list", expected=expected)
            return None
        good: set[str] = set()
        for i, item in enumerate(items):
            if isinstance(item, str) and item in fdef.value_names:
                good.add(item)
            else:
                _bad_choice(fdef, item, col, path + (i,), expected)
        return tuple(sorted(good)) if good else None
    if fdef.type == "bool":
        if isinstance(value, bool):
            return value
        hint = None
        if isinstance(value, str) and value.lower() in YAML11_BOOLS:
            hint = (
                "write true or false (without quotes); Accord reads YAML 1.2, where "
                f"'{value}' is text, not a yes/no value"
            )
        col.add(path, f"'{value}' is not true or false", expected=expected, hint=hint)
        return None
    # int: bool is a subclass of int in Python and "3" is not 3; both are refused here so
    # the engine never sees a value it would coerce (docs/engine-notes.md, trap 8).
    if isinstance(value, bool) or not isinstance(value, int):
        hint = None
        if isinstance(value, str) and value.isdigit():
            hint = "write the number without quotes"
        elif isinstance(value, str) and SEXAGESIMAL.match(value):
            hint = (
                f"Accord reads YAML 1.2, where {value} is text (YAML 1.1 read it as a "
                "base-60 number); write the whole number itself"
            )
        elif isinstance(value, float):
            hint = "write a whole number, without a decimal point"
        col.add(path, f"'{value}' is not a whole number", expected=expected, hint=hint)
        return None
    if (fdef.minimum is not None and value < fdef.minimum) or (
        fdef.maximum is not None and value > fdef.maximum
    ):
        message = f"{what} ({value}) is out of range" if what else f"{value} is out of range"
        col.add(path, message, expected=expected)
        return None
    return value


def _bad_choice(
    fdef: FactDef, value: Any, col: Collector, path: tuple[Any, ...], expected: str
) -> None:
    if isinstance(value, str):
        col.add(
            path,
            f"'{value}' is not an allowed value of '{fdef.name}'",
            expected=expected,
            hint=col.hint(value, fdef.value_names),
        )
    else:
        col.add(path, f"'{value}' is not an allowed value of '{fdef.name}'", expected=expected)
