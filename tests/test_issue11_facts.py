"""Issue 11: per-partner facts, transactions by what moves, markets, scale, input checks, lint.

Each test is one of the issue's "Results that must hold", run end to end through the shipped
knowledge base; the real-case expectations are data in rules/realcases/library.yaml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from accord.curate.lint import lint_kb
from accord.engine.explain import assess
from accord.errors import ProposalError
from accord.inputs.proposal import load_proposal, parse_proposal, proposal_from_facts
from accord.kb.load import load_kb

CASES = Path(__file__).resolve().parent.parent / "rules" / "realcases"  # the real-case library


def _risks(kb, facts=None, text=None):
    prop = proposal_from_facts(facts, kb) if text is None else parse_proposal(text, "p.yaml", kb)
    a = assess(prop, kb, "reference")
    return {r.id: r.severity for r in a.risks}, a


def _partners(*entries, facts="  form: acquisition\n"):
    lines = ["title: t", "partners:"]
    for e in entries:
        lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in e.items()) + "}")
    return "\n".join(lines) + "\nfacts:\n" + facts


def test_financial_position_changes_the_advice(kb):
    deficit, a = _risks(kb, {"form": "acquisition", "financial_position": "deficit"})
    sound, b = _risks(kb, {"form": "acquisition", "financial_position": "sustainable"})
    assert deficit != sound
    assert deficit.get("RISK-35") == "high" and "RISK-35" not in sound
    assert {r.id for r in a.recommendations} != {r.id for r in b.recommendations}


def test_acquirer_and_target_in_deficit_give_different_risks(kb):
    acq, _ = _risks(
        kb,
        text=_partners(
            {"name": "A", "role": "acquirer", "financial_position": "deficit"},
            {"name": "B", "role": "target", "financial_position": "sustainable"},
        ),
    )
    tgt, _ = _risks(
        kb,
        text=_partners(
            {"name": "A", "role": "acquirer", "financial_position": "sustainable"},
            {"name": "B", "role": "target", "financial_position": "deficit"},
        ),
    )
    assert "RISK-36" in acq and "RISK-36" not in tgt
    assert "RISK-37" in tgt and "RISK-37" not in acq


def test_free_text_roles_are_mapped_and_kept_as_labels(kb):
    prop = load_proposal(CASES / "03-nottingham-sherwood-merger.yaml", kb)
    assert [(p.role, p.role_kind) for p in prop.partners] == [
        ("acquiring trust", "acquirer"),
        ("trust in special measures", "supported"),
    ]
    assert prop.partners[1].fact("performance") == "special_measures"


def test_rushed_merger_raises_the_unsettled_transaction_risk(kb):
    risks, _ = _risks(kb, {"form": "merger", "pace": "rushed"})
    assert "RISK-38" in risks
    assert "RISK-38" not in _risks(kb, {"form": "merger", "pace": "steady"})[0]


def test_voluntary_low_capacity_acquirer_raises_capacity_risk_high(kb):
    facts = {
        "form": "acquisition",
        "initiation": "voluntary",
        "partner_performance": "special_measures",
        "supporting_partner_capacity": "low",
    }
    assert _risks(kb, facts)[0].get("RISK-29") == "high"


def test_contractual_joint_venture_raises_transaction_risks(kb):
    facts = {
        "form": "joint_venture_contractual",
        "financial_case": "untested",
        "due_diligence": "none",
        "transition_funding": "unfunded",
    }
    risks, _ = _risks(kb, facts)
    assert {"RISK-23", "RISK-24", "RISK-27"} <= set(risks)
    facts["moves"] = ["nothing"]
    assert not {"RISK-23", "RISK-24", "RISK-27"} & set(_risks(kb, facts)[0])


def test_six_acute_partners_consolidating_one_service_are_structural(kb):
    text = _partners(
        *({"name": f"Trust {n}", "sector": "acute"} for n in range(6)),
        facts="  form: joint_venture_corporate\n  scale: service\n",
    )
    _, a = _risks(kb, text=text)
    scale = next(p for p in a.typology if p.dimension == "partnering_scale")
    assert scale.values == ("structural",)


def test_merger_control_depends_on_whether_a_review_applies(kb):
    base = {
        "form": "merger",
        "direction": "horizontal",
        "initiation": "voluntary",
        "close_competitors": "closest",
    }
    review, a = _risks(kb, {**base, "competition_review": "applies"})
    assert review.get("RISK-33") == "high"
    assert "REC-33" in {r.id for r in a.recommendations}
    none, _ = _risks(kb, {**base, "competition_review": "not_applicable"})
    assert "RISK-33" not in none and "RISK-34" not in none


def test_region_wide_mandated_merger_raises_span_and_leadership_risks(kb):
    nine = _partners(
        {"name": "North Trust", "sector": "acute"},
        {"name": "West Trust", "sector": "acute"},
        *({"name": f"Area {n} Local Health Board"} for n in range(7)),
        facts="  form: merger\n  initiation: mandated_government\n  scale: system\n",
    )
    two = _partners(
        {"name": "North Trust", "sector": "acute"},
        {"name": "West Trust", "sector": "acute"},
        facts="  form: merger\n  initiation: mandated_government\n",
    )
    wide, _ = _risks(kb, text=nine)
    narrow, _ = _risks(kb, text=two)
    assert wide.get("RISK-48") == "high" and "RISK-47" in wide and "RISK-49" in wide
    assert not {"RISK-47", "RISK-48", "RISK-49"} & set(narrow)


def test_multi_sector_and_commissioner_partners_are_accepted(kb):
    text = _partners(
        {"name": "A", "sector": "[acute, community]"},
        {"name": "B", "sector": "commissioner"},
        facts="  form: alliance\n",
    )
    prop = parse_proposal(text, "p.yaml", kb)
    assert prop.fact_map()["sectors"] == ("acute", "commissioner", "community")
    assert prop.fact_map()["joins_commissioning_and_provision"] is True


def test_count_contradicting_the_partner_list_is_an_error_naming_both(kb):
    text = _partners({"name": "A"}, {"name": "B"}, facts="  form: merger\n  partners_count: 9\n")
    with pytest.raises(ProposalError) as err:
        parse_proposal(text, "p.yaml", kb)
    msg = err.value.render()
    assert "p.yaml:7" in msg and "9" in msg and "2 partners are listed" in msg


def test_sectors_contradicting_the_partner_list_is_an_error(kb):
    text = _partners(
        {"name": "A", "sector": "acute"},
        {"name": "B", "sector": "acute"},
        facts="  form: merger\n  sectors: [acute, mental_health]\n",
    )
    with pytest.raises(ProposalError) as err:
        parse_proposal(text, "p.yaml", kb)
    msg = err.value.render()
    assert "p.yaml:7" in msg and "mental_health" in msg


def test_shipped_kb_has_no_unread_fact(kb):
    assert not [f for f in lint_kb(kb, ["unused-fact"]).findings]


def test_lint_fails_on_unread_fact_unless_vocabulary_says_why(kb, tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(Path(kb.root), root)
    vocab = root / "vocabulary.yaml"
    extra = (
        "  board_size:\n    type: int\n    group: governance\n    label: Board size\n"
        "    question: How many members will the board have?\n"
        "    description: Members of the joint board.\n"
    )
    vocab.write_text(vocab.read_text(encoding="utf-8") + extra, encoding="utf-8")
    found = lint_kb(load_kb(root), ["unused-fact"]).findings
    assert [f.subject for f in found] == ["board_size"]
    vocab.write_text(
        vocab.read_text(encoding="utf-8")
        + "    collected_because: Shown in the brief for the record.\n",
        encoding="utf-8",
    )
    assert not lint_kb(load_kb(root), ["unused-fact"]).findings


# The real cases' expectations (what each must warn about, its call) are data in
# rules/realcases/library.yaml and tested case by case in tests/test_realcases.py.


# --- every fact counts or says why not ------------------------------------------------------
def _outcome(a):
    """Everything a stated fact can change: the rules fired (typology, mechanisms, advice and
    mitigations among them), the mechanism states, the raised risks and the call."""
    return (
        {f.rule for f in a.trace},
        {(m.name, m.state, m.standard) for m in a.mechanisms},
        {(r.id, r.severity, r.likelihood) for r in a.risks},
        a.overall.level,
    )


def test_unused_stated_facts_are_exactly_those_that_change_nothing(kb):
    facts = {
        "form": "merger",
        "initiation": "voluntary",
        "financial_position": "pressured",
        "pace": "rushed",
        "sectors": ["acute"],
        "partners_count": 2,
        "financial_case": "tested",
        "due_diligence": "partial",
    }
    a = assess(proposal_from_facts(facts, kb), kb, "reference")
    unused = {u.fact: u for u in a.unused_stated}
    assert unused["financial_position"].reason == "no rule reads it for this proposal"
    assert unused["financial_position"].label
    assert "form" not in unused and "pace" not in unused
    for name in facts:
        rest = {k: v for k, v in facts.items() if k != name}
        b = assess(proposal_from_facts(rest, kb), kb, "reference")
        assert (_outcome(b) == _outcome(a)) == (name in unused), name


def test_unused_stated_reason_comes_from_the_vocabulary(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(Path(load_kb().root), root)
    vocab = root / "vocabulary.yaml"
    text = vocab.read_text(encoding="utf-8")
    anchor = "  partners_count:\n"
    assert anchor in text
    i = text.index(anchor)
    j = text.index("\n  ", text.index("\n    type:", i) + 1)  # after the type line
    text = text[:j] + "\n    collected_because: Kept for the board's record." + text[j:]
    vocab.write_text(text, encoding="utf-8")
    kb = load_kb(root)
    a = assess(proposal_from_facts({"form": "merger", "partners_count": 2}, kb), kb, "reference")
    (u,) = [u for u in a.unused_stated if u.fact == "partners_count"]
    assert u.reason == "Kept for the board's record."


def test_a_mitigation_lowers_rather_than_removes_the_viability_risk(kb):
    base = {"form": "acquisition", "financial_position": "deficit"}
    plain = {r.id: r for r in assess(proposal_from_facts(base, kb), kb, "reference").risks}
    a = assess(
        proposal_from_facts({**base, "supporting_partner_capacity": "high"}, kb), kb, "reference"
    )
    shown = {r.id: r for r in (*a.risks, *a.set_aside)}
    assert "MIT-14" in {m.id for m in shown["RISK-35"].mitigations}
    order = ["unlikely", "possible", "likely"]
    assert order.index(shown["RISK-35"].likelihood) < order.index(plain["RISK-35"].likelihood)
    assert "MIT-14" in {f.id for f in a.in_favour}


@pytest.mark.parametrize(
    ("facts", "mitigation", "risk"),
    [
        (
            {
                "form": "merger",
                "legacy_liabilities": ["pfi"],
                "liabilities_settled": "refused",
                "due_diligence": "complete",
            },
            "MIT-02",
            "RISK-40",
        ),
        (
            {"form": "merger", "it_integration": "not_planned", "integration_plan": "detailed"},
            "MIT-04",
            "RISK-54",
        ),
        ({"form": "merger", "pace": "rushed", "transition_funding": "funded"}, "MIT-03", "RISK-38"),
        (
            {
                "form": "merger",
                "pace": "rushed",
                "legacy_liabilities": ["pfi"],
                "liabilities_settled": "agreed",
            },
            "MIT-15",
            "RISK-38",
        ),
        ({"form": "merger", "partners_count": 9, "oversight": "formal"}, "MIT-06", "RISK-48"),
    ],
)
def test_protective_values_act_on_the_new_transaction_risks(kb, facts, mitigation, risk):
    a = assess(proposal_from_facts(facts, kb), kb, "reference")
    shown = {r.id: r for r in (*a.risks, *a.set_aside)}
    assert risk in shown
    assert mitigation in {m.id for m in shown[risk].mitigations}


def test_new_template_asks_for_partners_and_their_facts(kb):
    from accord.inputs.template import proposal_template

    text = proposal_template(kb)
    for key in ("role", "sector", "financial_position", "performance", "leadership", "capacity"):
        assert f"    # {key}: " in text, key
    filled = text.replace("    # ", "    ").replace(
        "  # form: individual_partnering", "  form: acquisition"
    )
    prop = parse_proposal(filled, "p.yaml", kb)
    first, second = prop.partners
    assert (first.role_kind, first.sectors) == ("acquirer", ("acute", "community"))
    assert (second.role_kind, second.fact("financial_position")) == ("target", "deficit")
    risks = {r.id for r in assess(prop, kb, "reference").risks}
    assert "RISK-37" in risks and "RISK-36" not in risks


@pytest.mark.parametrize(
    ("partners", "facts", "message"),
    [
        ([{"name": "A Trust", "sector": "acute"}], {"form": "merger"}, "only one partner"),
        (
            [{"name": "A Trust", "sector": "acute"}],
            {"form": "merger", "partners_count": 3},
            "only one partner",
        ),
        (
            [{"name": "A Trust", "sector": "acute"}, {"name": "a  trust", "sector": "acute"}],
            {"form": "merger"},
            "listed twice",
        ),
    ],
)
def test_a_partner_list_that_cannot_be_a_collaboration_is_refused(kb, partners, facts, message):
    from accord.errors import ProposalError
    from accord.inputs.proposal import proposal_from_dict

    with pytest.raises(ProposalError) as info:
        proposal_from_dict({"title": "t", "partners": partners, "facts": facts}, kb)
    assert message in info.value.render()
