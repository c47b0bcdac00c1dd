"""Each example's assessment must match its golden JSON byte for byte (reference engine)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"
HINT = (
    "run `.venv/bin/python scripts/regen_goldens.py` and review the diff "
    "(`git diff tests/golden`) before committing"
)


def _regen():
    spec = importlib.util.spec_from_file_location(
        "regen_goldens", ROOT / "scripts" / "regen_goldens.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REGEN = _regen()


def test_enough_examples():
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_matches_golden(example):
    golden = GOLDEN / f"{example.stem}.json"
    assert golden.exists(), f"no golden file {golden.name} for {example.name}; {HINT}"
    current = REGEN.render(example)
    expected = golden.read_text(encoding="utf-8")
    if current != expected:
        cur, exp = current.splitlines(), expected.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(cur, exp, strict=False)) if a != b),
            min(len(cur), len(exp)),
        )
        pytest.fail(
            f"{example.name}: assessment differs from {golden.name} from line {first + 1} "
            f"(now {cur[first] if first < len(cur) else '<end>'!r}, "
            f"golden {exp[first] if first < len(exp) else '<end>'!r}); {HINT}"
        )


def test_no_stale_goldens():
    stems = {p.stem for p in EXAMPLES}
    stale = [p.name for p in GOLDEN.glob("*.json") if p.stem not in stems]
    assert not stale, f"golden files without an example: {stale}; {HINT}"
