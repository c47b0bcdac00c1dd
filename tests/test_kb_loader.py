"""The loader checks a knowledge base and reports every problem at once with file:line."""

from __future__ import annotations

import shutil

import pytest

from accord.errors import KnowledgeBaseError
from accord.kb.load import load_kb
from tests.conftest import ROOT

GUARDS = ROOT / "tests/fixtures/guards"


def broken_copy(tmp_path, replace: str, new: str, file: str = "guards.rules.yaml"):
    kb = tmp_path / "kb"
    shutil.copytree(GUARDS, kb)
    path = kb / file
    text = path.read_text()
    assert replace in text
    path.write_text(text.replace(replace, new, 1))
    return kb


def problems(kb_dir) -> str:
    with pytest.raises(KnowledgeBaseError) as info:
        load_kb(kb_dir)
    return info.value.render()


def test_shipped_kb_loads_and_is_stratified(kb):
    assert kb.rules and kb.cases
    kinds = {r.kind for r in kb.rules}
    assert kinds == {
        "typology",
        "mechanism",
        "outcome",
        "risk",
        "mitigation",
        "recommendation",
        "lifecycle",
    }
    for rule in kb.rules:
        assert rule.evidence and rule.because


def test_unknown_fact_in_a_rule_with_did_you_mean(tmp_path):
    out = problems(
        broken_copy(tmp_path, "{fact: colour, equals: blue}", "{fact: color, equals: blue}")
    )
    assert (
        "guards.rules.yaml:" in out
        and "unknown fact 'color'" in out
        and "did you mean 'colour'" in out
    )


def test_unknown_value_and_evidence_reported_together(tmp_path):
    kb = broken_copy(
        tmp_path,
        "evidence: [T-1]\n    grade: strong\n  - id: G-SET",
        "evidence: [T-9]\n    grade: strong\n  - id: G-SET",
    )
    (kb / "guards.rules.yaml").write_text(
        (kb / "guards.rules.yaml").read_text().replace("equals: red", "equals: rad")
    )
    out = problems(kb)
    assert "unknown claim 'T-9'" in out
    assert "'rad' is not an allowed value of 'colour'" in out and "did you mean 'red'" in out


def test_duplicate_rule_id(tmp_path):
    out = problems(broken_copy(tmp_path, "id: G-SET", "id: G-RANGE"))
    assert "rule id 'G-RANGE' is already used" in out


def test_negation_cycle_is_rejected(tmp_path):
    kb = broken_copy(
        tmp_path,
        "    when: {fact: level, equals: down}\n",
        "    when:\n      all:\n        - {fact: level, equals: down}\n        - not: {fact: outcome, equals: good}\n",
    )
    rules = kb / "guards.rules.yaml"
    rules.write_text(
        rules.read_text().replace("then: {outcome: good}", "then: {outcome: good, level: down}")
    )
    out = problems(kb)
    assert "cycle" in out and "G-CHAIN-2" in out


def test_rule_without_near_miss_case(tmp_path):
    out = problems(
        broken_copy(
            tmp_path,
            "    - {name: above, facts: {size: 11}, expect: silent}\n",
            "",
            "guards.cases.yaml",
        )
    )
    assert "G-RANGE has no case that is expected to be silent" in out


def test_case_with_bad_fact(tmp_path):
    out = problems(
        broken_copy(tmp_path, "facts: {size: 11}", "facts: {sise: 11}", "guards.cases.yaml")
    )
    assert "guards.cases.yaml:" in out and "did you mean 'size'" in out


def test_missing_file_and_bad_yaml(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(GUARDS, kb)
    (kb / "evidence.yaml").unlink()
    (kb / "derived.yaml").write_text("derived: [\n")
    out = problems(kb)
    assert "missing file evidence.yaml" in out and "derived.yaml:" in out


def test_rule_kind_and_grade_checked(tmp_path):
    kb = broken_copy(tmp_path, "kind: outcome", "kind: outcom")
    (kb / "guards.rules.yaml").write_text(
        (kb / "guards.rules.yaml").read_text().replace("grade: strong", "grade: strng", 1)
    )
    out = problems(kb)
    assert "'outcom' is not a rule kind" in out and "did you mean 'outcome'" in out
    assert "'strng' is not a grade" in out


def test_kb_content_hash_changes_with_content(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(GUARDS, kb)
    first = load_kb(kb).content_hash
    (kb / "kb.yaml").write_text((kb / "kb.yaml").read_text().replace("0.0.1", "0.0.2"))
    assert load_kb(kb).content_hash != first


def test_source_without_claims_warns_unless_it_says_why(tmp_path):
    """The shipped register validates with no warning; a source with no claim warns, and
    `attribution_only: REASON` records why one is cited with none."""
    from accord.curate.validate import validate_kb

    assert not [p for p in validate_kb().warnings if "has no claims" in p.message]
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "rules", kb)
    text = (kb / "evidence.yaml").read_text(encoding="utf-8")
    reason = "    attribution_only: the parent report of the companion papers; only its abstract"
    assert reason in text
    (kb / "evidence.yaml").write_text(text.replace(reason, "    # reason removed", 1), "utf-8")
    warned = [p for p in validate_kb(kb).warnings if "has no claims" in p.message]
    assert [p.field for p in warned] == ["sources.R23"]
