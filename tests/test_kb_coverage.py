"""The knowledge base covers the evidence dossier: every claim encoded or honestly excluded,
every risk and recommendation reachable, every risk addressed, grades within their evidence."""

from __future__ import annotations

import pytest
import yaml

from accord.engine import get_engine
from accord.kb.load import load_kb
from accord.kb.model import grade_rank
from tests.conftest import ROOT

KB = load_kb()
RULES_DIR = ROOT / "rules"
FAMILIES = {"cultural_efficacy", "organisational_efficiency", "technological_effectiveness"}


def _ids(prefix: str, first: int, last: int, width: int = 2) -> list[str]:
    return [f"{prefix}{n:0{width}d}" for n in range(first, last + 1)]


DOSSIER_CLAIMS = (
    _ids("SR-", 1, 22)
    + _ids("BM-", 1, 9)
    + _ids("AB-", 1, 6)
    + _ids("EP-", 1, 6, width=1)
    + _ids("HF-", 1, 9)
    + _ids("MG-", 1, 4)
    + _ids("BD-", 1, 3)
    + _ids("LC-", 1, 2)
    + _ids("G-", 1, 11)
    + _ids("D-AS-", 1, 15)
)


def _exclusions() -> dict[str, str]:
    data = yaml.safe_load((RULES_DIR / "exclusions.yaml").read_text(encoding="utf-8")) or {}
    return dict(data.get("exclusions") or {})


CITED = {cid for r in KB.rules for cid in r.evidence}
EXCLUDED = _exclusions()
RISKS = [r for r in KB.rules if r.kind == "risk"]
RECOMMENDATIONS = [r for r in KB.rules if r.kind == "recommendation"]


@pytest.mark.parametrize("cid", DOSSIER_CLAIMS)
def test_claim_encoded_or_excluded(cid):
    if cid in EXCLUDED:
        assert str(EXCLUDED[cid]).strip(), f"{cid} is excluded without a reason"
        return
    assert cid in KB.claims, f"{cid} is not registered in rules/evidence.yaml"
    assert cid in CITED, f"{cid} is cited by no rule; encode it or list it in rules/exclusions.yaml"


def test_exclusions_are_real_and_not_also_cited():
    for cid, reason in EXCLUDED.items():
        assert cid in DOSSIER_CLAIMS, f"exclusion {cid} is not a dossier claim"
        assert reason, f"exclusion {cid} has no reason"
        assert cid not in CITED, f"{cid} is both excluded and cited"


def test_every_registered_claim_is_cited():
    unused = sorted(set(KB.claims) - CITED)
    assert not unused, f"claims registered but cited by no rule: {unused}"


def test_every_source_is_used_and_complete():
    used = {KB.claims[c].source for c in CITED}
    for sid, src in KB.sources.items():
        assert src.citation and src.link and src.licence, sid
    # R23 (the report) and HF17R (the HF17 final report) are registered for citation only: no
    # claim could be read from them beyond what their companion papers and briefing give.
    assert set(KB.sources) - used <= {"R23", "HF17R"}, sorted(set(KB.sources) - used)


@pytest.mark.parametrize("rule", KB.rules, ids=lambda r: r.id)
def test_grade_within_evidence(rule):
    strongest = max(grade_rank(KB.claims[c].grade) for c in rule.evidence)
    assert grade_rank(rule.grade) <= strongest, (
        f"{rule.id} is graded {rule.grade} but its strongest claim is weaker"
    )


@pytest.mark.parametrize("risk", RISKS, ids=lambda r: r.id)
def test_every_risk_is_addressed(risk):
    by = [r.id for r in RECOMMENDATIONS if risk.id in r.addresses]
    assert by, f"{risk.id} is addressed by no recommendation"


def test_every_mechanism_and_outcome_has_a_family():
    for name, d in KB.derived.items():
        if d.kind in ("mechanism", "outcome"):
            assert d.family in FAMILIES, f"{name} has family {d.family!r}"


def test_named_mechanisms_present():
    wanted = {
        "trust",
        "confidence",
        "faith",
        "perceived_progress",
        "conflict",
        "conflict_management",
        "risk_threshold",
        "collaborative_behaviour",
        "performance",
        "leadership",
        "interpersonal_communication",
        "innovation",
        "duplication_reduced",
        "best_practice_shared",
        "resource_access",
        "service_gaps_reduced",
        "influence",
    }
    assert wanted <= set(KB.derived)


@pytest.mark.parametrize("form", KB.facts["form"].value_names)
def test_every_form_is_placed(form):
    """From the form alone, every form gets a degree of integration and a reason (its rule)."""
    engine = get_engine(KB, "reference")
    _, store = engine.run((("form", form),))
    assert store.get("integration"), f"form {form} gets no degree of integration"
    assert store.get("mechanism_family") or form in UNPLACED_FAMILY, (
        f"form {form} gets no dominant mechanism family from the form alone"
    )


# Forms that are as often voluntary as mandated (dossier glossary, 'either'): their mechanism
# family is placed only once the proposal says how the collaboration was initiated.
UNPLACED_FAMILY = {
    "individual_partnering",
    "joint_working",
    "joint_commissioning",
    "primary_care_network",
}


def test_every_lifecycle_phase_has_a_check():
    checked = set()
    for r in KB.rules:
        if r.kind == "lifecycle":
            checked.update(r.stages)
    assert set(KB.facts["lifecycle_stage"].value_names) <= checked
