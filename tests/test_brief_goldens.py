"""Golden briefs: every example's Markdown and HTML must match tests/golden/briefs byte for byte."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.regen_support import HINT, first_difference, regen_module

REGEN = regen_module()
RENDERED = REGEN.goldens.briefs(ROOT)


@pytest.mark.parametrize("rel", sorted(RENDERED), ids=lambda r: r.rsplit("/", 1)[-1])
def test_brief_matches_golden(rel):
    path = ROOT / rel
    assert path.exists(), f"{rel} is missing: {HINT}"
    expected = path.read_text(encoding="utf-8")
    if RENDERED[rel] != expected:
        pytest.fail(
            f"{rel} is out of date from {first_difference(RENDERED[rel], expected)}; {HINT}"
        )


def test_every_example_has_goldens():
    stems = {p.stem for p in (ROOT / "examples").glob("*.yaml")}
    assert stems, "no examples found"
    briefs = {r.rsplit("/", 1)[-1].rsplit(".", 1)[0] for r in RENDERED if "/briefs/" in r}
    assert briefs == stems
    assert REGEN.goldens.CONTEXT_DOC in RENDERED
