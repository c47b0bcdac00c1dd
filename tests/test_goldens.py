"""Each example's assessment must match its golden JSON (reference engine, no trace)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from accord.cli import main
from tests.conftest import EXAMPLES, ROOT
from tests.regen_support import HINT, first_difference, regen_module

REGEN = regen_module()
CURRENT = REGEN.goldens.assessments(ROOT)


def test_enough_examples():
    assert len(EXAMPLES) >= 8
    assert {f"tests/golden/{p.stem}.json" for p in EXAMPLES} <= set(CURRENT)


@pytest.mark.parametrize("rel", sorted(CURRENT), ids=lambda r: r.removeprefix("tests/golden/"))
def test_assessment_matches_golden(rel):
    golden = ROOT / rel
    assert golden.exists(), f"no golden file {rel}; {HINT}"
    expected = golden.read_text(encoding="utf-8")
    if CURRENT[rel] != expected:
        pytest.fail(f"{rel} differs from {first_difference(CURRENT[rel], expected)}; {HINT}")


@pytest.mark.parametrize("example", EXAMPLES[:2], ids=lambda p: p.stem)
def test_golden_is_the_cli_json_without_its_trace(example):
    out = CliRunner().invoke(
        main, ["assess", str(example), "--format", "json", "--engine", "reference"]
    )
    assert out.exit_code == 0, out.output
    printed = json.loads(out.stdout)
    assert printed.pop("trace"), "the CLI's JSON keeps the firing trace"
    golden = json.loads((ROOT / f"tests/golden/{example.stem}.json").read_text(encoding="utf-8"))
    assert printed == golden
    assert list(printed) == list(golden)


def test_golden_layout_is_compact():
    text = CURRENT["tests/golden/acquisition.json"]
    assert '"trace"' not in text
    # a fact with its value and meaning is one line
    assert any(ln.strip().startswith('{"fact": "form", "label"') for ln in text.splitlines())
