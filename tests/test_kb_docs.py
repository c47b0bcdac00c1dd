"""The catalogue in docs/kb/ is generated from rules/ and must not go stale."""

from __future__ import annotations

from accord.curate.docs import DOCS_COMMAND, render_docs
from tests.conftest import ROOT

DOCS = ROOT / "docs" / "kb"


def test_docs_kb_is_up_to_date(kb):
    pages = render_docs(kb)
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    stale = sorted(
        rel
        for rel, text in pages.items()
        if not (DOCS / rel).is_file() or (DOCS / rel).read_text(encoding="utf-8") != text
    )
    extra = sorted(on_disk - set(pages))
    assert not stale and not extra, (
        f"docs/kb is stale (changed: {stale}, no longer generated: {extra}); "
        f"run `{DOCS_COMMAND}` (delete docs/kb first if pages went away) and commit the result"
    )


def test_docs_are_deterministic_and_cover_every_rule_and_claim(kb):
    pages = render_docs(kb)
    assert pages == render_docs(kb)
    text = "\n".join(pages.values())
    for rule in kb.rules:
        assert f"## {rule.id}\n" in text
    for claim in kb.claims:
        assert f"### {claim}\n" in text
    assert kb.version in pages["index.md"]
