"""No generated file may be stale: schemas, lint fixtures, docs/kb, goldens, the context doc."""

from __future__ import annotations

import shutil

from tests.conftest import ROOT
from tests.regen_support import HINT, regen_module

REGEN = regen_module()


def test_no_generated_file_is_stale():
    stale = REGEN.stale(ROOT)
    assert not stale, f"stale generated files: {stale}; {HINT}"


def test_every_kind_of_generated_file_is_covered():
    wanted = REGEN.generated(ROOT)
    for prefix in (
        "src/accord/schemas/presentation.schema.json",
        "tests/fixtures/lint/clean/",
        "tests/fixtures/diff/new/",
        "docs/kb/index.md",
        "tests/golden/acquisition.json",
        "tests/golden/survey/with.json",
        "tests/golden/briefs/acquisition.html",
        "docs/brief-context.md",
    ):
        assert any(rel.startswith(prefix) for rel in wanted), prefix


def test_staleness_check_catches_an_edit_to_rules(tmp_path):
    kb = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", kb)
    assert REGEN.stale(ROOT, kb) == [], "an unedited copy of rules/ must generate the same files"
    rules = kb / "risks.rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "title: " in text
    rules.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    stale = REGEN.stale(ROOT, kb)
    assert any(rel.startswith("docs/kb/") for rel in stale), stale
    assert any(rel.startswith("tests/golden/briefs/") for rel in stale), stale
    assert "tests/golden/acquisition.json" in stale


def test_a_file_no_longer_generated_is_stale(tmp_path):
    for folder in REGEN.OWNED:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs/kb/orphan.md").write_text("left behind\n", encoding="utf-8")
    assert "docs/kb/orphan.md" in REGEN.on_disk(tmp_path) - set(REGEN.generated(ROOT))
