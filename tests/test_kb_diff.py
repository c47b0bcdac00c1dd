"""`accord kb diff` on two fixture versions reports the expected changes in rules and advice."""

from __future__ import annotations

from click.testing import CliRunner

from accord.cli import main
from accord.curate.diff import diff_kbs
from accord.kb.load import load_kb
from tests.conftest import ROOT

DIFF = ROOT / "tests" / "fixtures" / "diff"


def test_rules_and_advice_changes():
    old, new = load_kb(DIFF / "old"), load_kb(DIFF / "new")
    result = diff_kbs(old, new, sorted((DIFF / "proposals").glob("*.yaml")), "reference")
    r = result.rules
    assert (r.old_version, r.new_version) == ("1.0.0", "1.1.0")
    assert [x.id for x in r.added] == ["REC-02", "RISK-03"]
    assert [x.id for x in r.removed] == ["TYP-02"]
    assert [(c.id, c.fields) for c in r.changed] == [("RISK-01", (("severity", "high", "medium"),))]
    by_name = {p.proposal: {(c.change, c.key) for c in p.changes} for p in result.proposals}
    assert by_name == {
        "merger.yaml": {("changed", "risk RISK-01")},
        "network.yaml": {
            ("gained", "risk RISK-03"),
            ("gained", "recommendation REC-02"),
            ("lost", "typology integration"),
        },
    }
    (merger,) = [p for p in result.proposals if p.proposal == "merger.yaml"]
    assert merger.changes[0].old.startswith("high") and merger.changes[0].new.startswith("medium")


def test_identical_kbs_have_no_changes():
    kb = load_kb(DIFF / "old")
    result = diff_kbs(kb, kb, sorted((DIFF / "proposals").glob("*.yaml")), "reference")
    assert result.rules.empty and all(not p.changes for p in result.proposals)


def test_cli_diff_shows_versions_rules_and_advice():
    out = CliRunner().invoke(
        main,
        [
            "kb",
            "diff",
            str(DIFF / "old"),
            str(DIFF / "new"),
            "--proposals",
            str(DIFF / "proposals"),
            "--engine",
            "reference",
        ],
    )
    assert out.exit_code == 0, out.output
    text = out.stdout
    assert "knowledge base 1.0.0" in text and "-> 1.1.0" in text
    assert "+ RISK-03 (risk): Too many partners" in text
    assert "- TYP-02 (typology)" in text
    assert "severity: high -> medium" in text
    assert "+ risk RISK-03: medium severity" in text
    assert "- typology integration: low" in text
