"""Per-partner facts with and without roles, misspelt roles, and roles in the text output.

Whole proposals run through the shipped knowledge base (and the `accord` command where the
exit code or the printed text is what is tested).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from accord.cli import main
from accord.engine.explain import assess
from accord.errors import ProposalError
from accord.inputs.proposal import load_proposal, parse_proposal
from accord.inputs.roles import ROLES, role_from_text
from accord.kb.yamlread import load_yaml
from tests.conftest import EXAMPLES, ROOT

CASE_FILES = sorted(p for p in (ROOT / "rules" / "realcases").glob("*.yaml") if p.stem[0].isdigit())
SIDE_FACTS = (
    "lead_partner_financial_position",
    "lead_partner_leadership",
    "supported_partner_financial_position",
    "supported_partner_leadership",
    "supporting_partner_capacity",
)
DEFICIT_OR_LEADERSHIP_RISKS = {"RISK-35", "RISK-36", "RISK-37", "RISK-43", "RISK-44"}
SOUND = {"sector": "acute", "financial_position": "sustainable", "leadership": "stable"}


def _text(*entries: dict[str, str], form: str = "merger") -> str:
    lines = ["title: t", "partners:"]
    for e in entries:
        lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in e.items()) + "}")
    return "\n".join(lines) + f"\nfacts:\n  form: {form}\n"


def _assess(kb, text: str):
    prop = parse_proposal(text, "p.yaml", kb)
    return prop, assess(prop, kb, "reference")


def _facts(a) -> dict[str, tuple[object, str]]:
    return {f.fact: (f.value, f.origin) for f in a.facts}


@pytest.mark.parametrize("form", ["merger", "acquisition"])
def test_partners_stating_the_same_facts_without_roles_answer_both_sides(kb, form):
    """The tester's case: two trusts, no roles, each sustainable, stable and high-capacity."""
    north = {"name": "North", **SOUND, "capacity": "high"}
    south = {"name": "South", **SOUND, "capacity": "high"}
    prop, a = _assess(kb, _text(north, south, form=form))
    facts = _facts(a)
    assert facts["lead_partner_financial_position"] == ("sustainable", "from partner list")
    assert facts["supported_partner_financial_position"] == ("sustainable", "from partner list")
    assert facts["lead_partner_leadership"] == ("stable", "from partner list")
    assert facts["supported_partner_leadership"] == ("stable", "from partner list")
    assert facts["supporting_partner_capacity"] == ("high", "from partner list")
    assert facts["financial_position"] == ("sustainable", "from partner list")
    asked = {m.fact for m in a.missing}
    assert not asked & set(SIDE_FACTS)
    sentences = " ".join(m.sentence for m in a.missing).lower()
    for asked_about in (
        "financial position of the acquiring or leading partner",
        "leadership stability of the acquired or supported partner",
        "supporting partner's capacity",
    ):
        assert asked_about not in sentences
    assert not {r.id for r in a.risks} & DEFICIT_OR_LEADERSHIP_RISKS


def test_partners_that_disagree_without_roles_leave_both_sides_unknown(kb):
    a_deficit = {"name": "A", "financial_position": "deficit", "leadership": "interim"}
    b_sound = {"name": "B", "financial_position": "sustainable", "leadership": "stable"}
    prop, a = _assess(kb, _text(a_deficit, b_sound, form="acquisition"))
    facts = _facts(a)
    for name in SIDE_FACTS:
        assert facts[name][1] == "unknown", name
    assert {"lead_partner_financial_position", "supported_partner_leadership"} <= {
        m.fact for m in a.missing
    }
    # the collaboration-wide fact still comes from the worst partner, whatever the roles
    assert facts["financial_position"] == ("deficit", "from partner list")
    risks = {r.id for r in a.risks}
    assert "RISK-35" in risks and not {"RISK-36", "RISK-37", "RISK-43", "RISK-44"} & risks


def test_a_partner_that_states_nothing_keeps_the_sides_unknown(kb):
    prop, _ = _assess(kb, _text({"name": "A", **SOUND}, {"name": "B"}))
    derived = set(prop.derived_from_partners)
    assert not derived & set(SIDE_FACTS)
    assert "financial_position" not in derived  # sustainable needs every partner to say so


def test_members_are_placed_on_neither_side(kb):
    members = [{"name": n, "role": "member", **SOUND} for n in ("A", "B", "C")]
    prop, _ = _assess(kb, _text(*members))
    assert {"lead_partner_leadership", "supported_partner_leadership"} <= set(
        prop.derived_from_partners
    )
    members[2]["leadership"] = "unstable"
    prop, a = _assess(kb, _text(*members))
    assert not {"lead_partner_leadership", "supported_partner_leadership"} & set(
        prop.derived_from_partners
    )
    assert not {"RISK-43", "RISK-44"} & {r.id for r in a.risks}


def test_roles_keep_each_partners_facts_on_its_side(kb):
    acquirer = {"name": "A", "role": "acquiring trust", "financial_position": "deficit"}
    target = {"name": "B", "role": "trust being acquired", "financial_position": "sustainable"}
    target["leadership"] = "interim"
    prop, a = _assess(kb, _text(acquirer, target, form="acquisition"))
    facts = _facts(a)
    assert facts["lead_partner_financial_position"] == ("deficit", "from partner list")
    assert facts["supported_partner_financial_position"] == ("sustainable", "from partner list")
    assert facts["supported_partner_leadership"] == ("interim", "from partner list")
    assert facts["lead_partner_leadership"][1] == "unknown"  # the acquirer states none
    risks = {r.id for r in a.risks}
    assert {"RISK-35", "RISK-36", "RISK-43"} <= risks and "RISK-37" not in risks


def test_a_side_no_role_names_stays_unknown_when_the_other_is_named(kb):
    acquirer = {"name": "A", "role": "acquirer", **SOUND}
    prop, _ = _assess(kb, _text(acquirer, {"name": "B", **SOUND}, form="acquisition"))
    derived = set(prop.derived_from_partners)
    assert {"lead_partner_financial_position", "lead_partner_leadership"} <= derived
    assert not {"supported_partner_financial_position", "supported_partner_leadership"} & derived


@pytest.mark.parametrize(
    ("role", "hint"),
    [("acquier", "acquirer"), ("tagret", "target"), ("aquiring trust", "acquiring")],
)
def test_a_misspelt_role_is_an_error_with_line_field_words_and_hint(tmp_path, role, hint):
    path = tmp_path / "p.yaml"
    path.write_text(_text({"name": "A", "role": role}, {"name": "B"}, form="acquisition"))
    result = CliRunner().invoke(main, ["assess", str(path)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    err = result.stderr
    assert "p.yaml:3" in err and "partners[0].role" in err and f"'{role}'" in err
    assert "expected: a role (" + ", ".join(ROLES) + ")" in err
    assert "trust being acquired" not in err  # the known words, not the case library
    assert "special measures" in err and "buddy" in err
    assert f"did you mean '{hint}'?" in err


def test_a_role_with_no_known_word_is_refused_by_the_loader(kb):
    with pytest.raises(ProposalError) as info:
        parse_proposal(_text({"name": "A", "role": "chief executive"}, {"name": "B"}), "p", kb)
    (problem,) = info.value.problems
    assert problem.field == "partners[0].role" and problem.line == 3


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("acquiring trust", "acquirer"),
        ("trust in special measures", "supported"),
        ("buddy trust", "buddy"),
        ("larger partner", "member"),
        ("smaller partner", "member"),
        ("trust being acquired", "target"),
        ("supported trust", "supported"),
        ("lead provider", "lead"),
        ("leading partner", "lead"),
        ("hosting trust", "host"),
        ("merging trust", "member"),
        ("lead_provider", "lead"),
    ],
)
def test_free_text_roles_name_a_role(role, kind):
    assert role_from_text(role) == kind


def test_every_role_in_the_case_library_and_examples_is_read(kb):
    seen = 0
    for path in [*CASE_FILES, *EXAMPLES]:
        raw = load_yaml(path).data
        if not isinstance(raw, dict) or "facts" not in raw:
            continue
        prop = load_proposal(path, kb)  # raises ProposalError on an unread role
        for partner in prop.partners:
            if partner.role:
                seen += 1
                assert partner.role_kind in ROLES, (path.name, partner.role)
    assert seen >= 15


def test_text_partners_line_shows_each_role_as_written(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        _text(
            {"name": "North", "sector": "acute", "role": "acquiring trust"},
            {"name": "South", "role": "trust being acquired"},
            {"name": "East", "sector": "[acute, community]"},
            form="acquisition",
        )
    )
    result = CliRunner().invoke(main, ["assess", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("Partners: "))
    assert line == (
        "Partners: North (acute; acquiring trust); South (trust being acquired); "
        "East (acute, community)"
    )
    as_json = CliRunner().invoke(main, ["assess", str(path), "--format", "json"])
    assert "acquiring trust" in json.dumps(json.loads(as_json.stdout)["partners"])
