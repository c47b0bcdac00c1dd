"""Import scripts/regen.py (a script, not a package) so tests share its generators."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import ROOT

HINT = "run `.venv/bin/python scripts/regen.py` and review the diff (`git diff`) before committing"


def regen_module():
    """scripts/regen.py as a module: generated(), stale(), write() and the generators."""
    if "accord_regen" in sys.modules:
        return sys.modules["accord_regen"]
    spec = importlib.util.spec_from_file_location("accord_regen", ROOT / "scripts" / "regen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["accord_regen"] = module
    spec.loader.exec_module(module)
    return module


def first_difference(current: str, expected: str) -> str:
    """Where two texts first differ, as 'line N (now ..., golden ...)'."""
    cur, exp = current.splitlines(), expected.splitlines()
    first = next(
        (i for i, (a, b) in enumerate(zip(cur, exp, strict=False)) if a != b),
        min(len(cur), len(exp)),
    )
    now = cur[first] if first < len(cur) else "<end>"
    was = exp[first] if first < len(exp) else "<end>"
    return f"line {first + 1} (now {now[:120]!r}, golden {was[:120]!r})"
