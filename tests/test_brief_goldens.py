"""Golden briefs: every example's Markdown and HTML must match tests/golden/briefs byte for byte."""

from __future__ import annotations

import pytest

from tests.brief_support import ROOT, regen_module

REGEN = regen_module()
HINT = "run `.venv/bin/python scripts/regen_briefs.py` and review the diff"
RENDERED = REGEN.render_examples()


@pytest.mark.parametrize("path", sorted(RENDERED), ids=lambda p: p.name)
def test_brief_matches_golden(path):
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: {HINT}"
    expected = path.read_text(encoding="utf-8")
    assert RENDERED[path] == expected, f"{path.relative_to(ROOT)} is out of date: {HINT}"


def test_no_stale_goldens():
    stale = sorted(p.name for p in REGEN.GOLDEN.glob("*") if p not in RENDERED)
    assert not stale, f"golden briefs without an example: {stale}; {HINT}"


def test_every_example_has_goldens():
    stems = {p.stem for p in (ROOT / "examples").glob("*.yaml")}
    assert stems, "no examples found"
    assert {p.stem for p in RENDERED} == stems


def test_context_reference_is_current():
    doc = REGEN.CONTEXT_DOC
    assert doc.exists(), f"{doc.relative_to(ROOT)} is missing: {HINT}"
    assert doc.read_text(encoding="utf-8") == REGEN.context_doc(), (
        f"{doc.relative_to(ROOT)} is out of date: {HINT}"
    )
