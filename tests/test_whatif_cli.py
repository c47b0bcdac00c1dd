"""What-if: `accord assess/brief P --set fact=value --unset fact` and accord.what_if."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import accord
from accord.cli import main
from accord.inputs.changes import parse_setting, with_facts
from tests.conftest import ROOT

MERGER = ROOT / "examples" / "mandated-merger.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def merger(kb):
    return accord.load_proposal(MERGER, kb)


def test_setting_a_fact_to_its_current_value_changes_nothing(kb, merger):
    for name, value in merger.facts:
        w = accord.what_if(merger, kb, set={name: value}, engine="reference")
        assert w.changes.empty, name
        assert w.after.risks == w.before.risks and w.after.mechanisms == w.before.mechanisms
    result = run("assess", str(MERGER), "--set", "form=merger", "--format", "json")
    assert result.exit_code == 0, result.output
    what = json.loads(result.stdout)["what_if"]
    assert what["set"] == {"form": "merger"} and what["changes"]["empty"] is True


def test_a_binding_contract_removes_the_contract_risk_and_its_advice(kb, merger):
    w = accord.what_if(merger, kb, set={"legal_basis": "contract"}, engine="reference")
    gone = {r.id: r for r in w.changes.risks}
    assert gone["RISK-03"].change == "disappears" and gone["RISK-03"].before == (
        "medium",
        "possible",
    )
    assert "RISK-03" not in {r.id for r in w.after.risks}
    assert ("REC-02", "lost") in {(a.id, a.change) for a in w.changes.advice}
    confidence = {m.name: m for m in w.changes.mechanisms}["confidence"]
    assert (confidence.before, confidence.after) == ("low", "high")
    # the diff agrees with assessing the changed file from scratch
    data = merger.fact_map() | {"legal_basis": "contract"}
    again = accord.assess(with_facts(merger, kb, set=data), kb, "reference")
    assert {r.id for r in again.risks} == {r.id for r in w.after.risks}


def test_values_are_typed_as_the_vocabulary_says(kb, merger):
    assert parse_setting("rationale_stated=yes", kb) == ("rationale_stated", True)
    assert parse_setting("partners_count=2", kb) == ("partners_count", 2)
    assert parse_setting("moves=staff+budget", kb) == ("moves", ("budget", "staff"))
    assert parse_setting("pace=unknown", kb) == ("pace", None)
    w = accord.what_if(merger, kb, set={"rationale_stated": "yes"}, unset=["pace"])
    assert w.set == (("rationale_stated", "yes"),) and w.unset == ("pace",)
    assert {f.fact: f.origin for f in w.after.facts}["pace"] == "unknown"
    assert {f.fact: f.value for f in w.after.facts}["rationale_stated"] is True


def test_unset_a_fact_the_partner_list_fills(kb, merger):
    assert "partners_count" in merger.derived_from_partners
    changed = with_facts(merger, kb, unset=["partners_count"])
    assert "partners_count" not in changed.fact_map()
    assert changed.input_hash != merger.input_hash and changed.source == merger.source


@pytest.mark.parametrize(
    ("option", "hint"),
    [
        ("legl_basis=contract", "did you mean 'legal_basis'?"),
        ("legal_basis=contrakt", "did you mean 'contract'?"),
        ("rationale_stated=maybe", None),
        ("partners_count=two", None),
        ("legal_basis", None),
    ],
)
def test_bad_set_is_exit_2_with_did_you_mean(option, hint):
    result = run("assess", str(MERGER), "--set", option)
    assert result.exit_code == 2
    assert "--set" in result.stderr and "Traceback" not in result.stderr
    if hint:
        assert hint in result.stderr
    if "=" in option:
        assert "expected:" in result.stderr


def test_bad_unset_and_contradicting_the_partner_list_are_exit_2():
    result = run("assess", str(MERGER), "--unset", "pase")
    assert result.exit_code == 2 and "did you mean 'pace'?" in result.stderr
    result = run("assess", str(MERGER), "--set", "sectors=acute+mental_health")
    assert result.exit_code == 2 and "mental_health" in result.stderr


def test_text_shows_the_changed_assessment_then_what_changes():
    result = run("assess", str(MERGER), "--set", "legal_basis=contract", "--unset", "pace")
    assert result.exit_code == 0, result.output
    out = result.stdout
    head, _, tail = out.partition("\nWhat if\n")
    assert head.startswith("Merger of Northvale") and tail
    assert "Legal or contractual basis set to contract" in tail
    assert "Pace of development made unknown" in tail
    assert "No longer raised: A contract-led collaboration without a binding agreement" in tail


def test_briefs_carry_the_what_if_section(tmp_path):
    for ext in ("md", "html"):
        out = tmp_path / f"b.{ext}"
        result = run("brief", str(MERGER), "--set", "legal_basis=contract", "-o", str(out))
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "What if: Legal or contractual basis set to contract" in text
        assert text.index("What if") < text.index("Board summary")
    result = run("assess", str(MERGER), "--set", "legal_basis=contract", "--format", "markdown")
    assert result.exit_code == 0 and "## What if:" in result.stdout


def test_fail_on_reads_the_changed_proposal():
    result = run("assess", str(MERGER), "--set", "form=merger", "--fail-on", "high")
    assert result.exit_code == 1


def test_every_example_rebuilds_to_the_same_facts(kb):
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        p = accord.load_proposal(path, kb)
        same = with_facts(p, kb)
        assert same.facts == p.facts and same.partners == p.partners, path.name
        assert same.derived_from_partners == p.derived_from_partners, path.name


def test_what_if_with_survey_answers_applies_them_to_both():
    survey = ROOT / "examples" / "survey"
    args = ["assess", str(survey / "proposal.yaml"), "--survey", str(survey / "answers")]
    plain = json.loads(run(*args, "--format", "json").stdout)
    result = run(*args, "--set", "legal_basis=contract", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["survey"] == plain["survey"]  # the same scores fill the same unknown facts
    changed = {m["name"] for m in data["what_if"]["changes"]["mechanisms"]}
    assert "confidence" in changed


def test_control_characters_in_set_are_escaped():
    result = run("assess", str(MERGER), "--set", "legal_basis=con\x1b[31mtract")
    assert result.exit_code == 2 and "\x1b" not in result.stderr and "\\x1b" in result.stderr


def test_contradictory_changes_are_refused():
    both = run("assess", str(MERGER), "--set", "form=merger", "--unset", "form")
    assert both.exit_code == 2 and "both set (--set) and made unknown (--unset)" in both.stderr
    twice = run("assess", str(MERGER), "--set", "form=merger", "--set", "form=alliance")
    assert twice.exit_code == 2 and "two values" in twice.stderr
    same = run("assess", str(MERGER), "--set", "form=merger", "--set", "form=merger")
    assert same.exit_code == 0
