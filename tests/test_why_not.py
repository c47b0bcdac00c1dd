"""Why-not: `accord why-not P TARGET` and accord.why_not."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import accord
from accord.cli import main
from accord.inputs.changes import with_facts
from tests.conftest import ROOT

MERGER = ROOT / "examples" / "mandated-merger.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def merger(kb):
    return accord.load_proposal(MERGER, kb)


def test_a_risk_that_fired_says_so(kb, merger):
    w = accord.why_not(merger, kb, "RISK-01", engine="reference")
    assert w.holds and w.decided_by == "holds" and not w.nearest
    assert w.rules[0].fired and "raised" in w.why[0]
    result = run("why-not", str(MERGER), "RISK-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Why Collaborative inertia [RISK-01]")
    assert "It holds." in result.stdout


def test_a_guard_names_the_failed_condition_and_the_nearest_change(kb, merger):
    w = accord.why_not(merger, kb, "RISK-20", engine="reference")
    assert not w.holds and w.decided_by == "guard"
    failed = w.rules[0].failed
    assert failed and failed[0].now == "resource pressure"
    assert w.nearest and len(w.nearest[0]) == 1
    change = w.nearest[0][0]
    assert change.fact == "entry_point" and change.now == "funding pressure"
    # the nearest change really makes it hold, checked by a full assessment
    assert change.value == change.to.replace(" ", "_")
    after = accord.assess(
        with_facts(merger, kb, set={"entry_point": change.value}), kb, "reference"
    )
    assert "RISK-20" in {r.id for r in after.risks}


def test_a_mechanism_state_needs_two_changes(kb, merger):
    w = accord.why_not(merger, kb, "trust=high", engine="reference")
    assert not w.holds and w.decided_by == "guard" and len(w.rules) >= 3
    assert w.nearest and all(len(c) == 2 for c in w.nearest)  # no single change suffices
    for changes in w.nearest:
        settings = {c.fact: c.value for c in changes}
        after = accord.assess(with_facts(merger, kb, set=settings), kb, "reference")
        trust = {m.name: m for m in after.mechanisms}["trust"]
        assert trust.state == "high", settings


def test_weighing_decides_a_risk_set_aside(kb):
    # the first example with a risk argued but set aside (unlikely, or mitigated)
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        p = accord.load_proposal(path, kb)
        a = accord.assess(p, kb, "reference")
        if a.set_aside:
            rid = a.set_aside[0].id
            w = accord.why_not(p, kb, rid, engine="reference")
            assert not w.holds and w.decided_by == "weighing", (path.name, rid)
            assert w.rules[0].fired and "set aside" in w.why[0]
            return
    pytest.fail("no example has a risk set aside")


def test_recommendation_typology_value_and_fact_targets(kb, merger):
    assert accord.why_not(merger, kb, "REC-02", engine="reference").holds
    full = accord.why_not(merger, kb, "full", engine="reference")
    assert full.holds and full.target.kind == "typology" and "because" in full.why[0]
    stated = accord.why_not(merger, kb, "legal_basis=contract", engine="reference")
    assert not stated.holds and stated.decided_by == "facts"
    assert stated.nearest[0][0].to == "contract"


def test_json_and_unknown_target():
    result = run("why-not", str(MERGER), "RISK-20", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "accord.why-not/1" and data["holds"] is False
    assert data["nearest"][0][0]["fact"] == "entry_point"
    bad = run("why-not", str(MERGER), "RISK-99")
    assert bad.exit_code == 2 and "did you mean" in bad.stderr and "Traceback" not in bad.stderr
    bad = run("why-not", str(MERGER), "trust=hgh")
    assert bad.exit_code == 2 and "did you mean 'trust=high'?" in bad.stderr


def test_weighing_decides_a_contested_mechanism(kb, merger):
    # with a binding contract, risk threshold is argued both ways and comes out contested
    changed = with_facts(merger, kb, set={"legal_basis": "contract"})
    w = accord.why_not(changed, kb, "risk_threshold=high", engine="reference")
    assert not w.holds and w.decided_by == "weighing"
    assert any(r.fired for r in w.rules) and "contested" in w.why[0]
    text = run("why-not", str(MERGER), "risk_threshold=high").stdout
    assert "Nearest facts to change" in text


def test_cheap_unknown_equals_a_full_run_without_the_fact(kb):
    """The why-not search makes a fact unknown with Weigher.what_if(base, fact, ()): on every
    example, for every stated fact, risks and what they rest on equal a full run without it."""
    from accord.engine import get_engine
    from accord.engine.explain import origins

    ref = get_engine(kb, "reference")
    w = ref.weigher
    reach = {f for r in kb.rules if r.id in w.reach_risks for f, _ in r.conclusions}
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        p = accord.load_proposal(path, kb)
        org = origins(p)
        base = ref.infer(p.facts, org)
        for name, _ in p.facts:
            cheap = w.what_if(base, name, ())
            kept = {k: v for k, v in org.items() if k != name}
            full = ref.infer(tuple((k, v) for k, v in p.facts if k != name), kept)
            assert _view(cheap, reach) == _view(full, reach), (path.name, name)


def _view(inf, reach):
    """Raised risks with severity, likelihood and weight; the resolutions risks can rest on."""
    risks = {k: (c.severity, c.likelihood, c.weight) for k, c in inf.risks.items() if c.raised}
    states = {
        k: (r.state, r.standard, r.strength) for k, r in inf.resolutions.items() if k in reach
    }
    return risks, states


def test_advice_nearest_change_holds_in_a_full_assessment(kb):
    alliance = accord.load_proposal(ROOT / "examples" / "voluntary-alliance.yaml", kb)
    w = accord.why_not(alliance, kb, "REC-02", engine="reference")
    assert not w.holds and w.decided_by == "guard" and w.nearest
    assert "must be raised" not in w.rules[0].failed[0].needs  # needs 'raised', said once
    assert w.rules[0].failed[0].label.startswith("Risk '")
    for changes in w.nearest:
        settings = {c.fact: c.value for c in changes}
        after = accord.assess(with_facts(alliance, kb, set=settings), kb, "reference")
        assert "REC-02" in {a.id for a in after.recommendations}, settings


def test_advice_a_single_fact_makes_hold_is_found_on_every_example(kb):
    """For every recommendation and check on every example that does not hold: when setting one
    fact the rule reads itself makes it hold in a full run, why-not finds a change (and each
    change it suggests holds in a full run)."""
    from accord.engine import get_engine
    from accord.engine.explain import origins
    from accord.engine.whatif import candidate_values
    from accord.kb.strata import walk

    ref = get_engine(kb, "reference")
    advice = [r for r in kb.rules if r.kind in ("recommendation", "lifecycle")]
    fixable = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        p = accord.load_proposal(path, kb)
        org, given = origins(p), p.fact_map()
        base = ref.infer(p.facts, org)
        for rule in advice:
            if rule.id in base.fired:
                continue
            reads = dict.fromkeys(leaf.fact for leaf, _ in walk(rule.when) if leaf.fact in kb.facts)
            found = next(
                (
                    (name, value)
                    for name in reads
                    for value in candidate_values(
                        kb.facts[name], ref.weigher.referenced.get(name, set())
                    )
                    if value != given.get(name)
                    and rule.id
                    in ref.infer(
                        tuple((k, v) for k, v in {**given, name: value}.items()),
                        {k: o for k, o in org.items() if k != name},
                    ).fired
                ),
                None,
            )
            if found is None:
                continue
            fixable += 1
            w = accord.why_not(p, kb, rule.id, engine="reference")
            assert w.nearest, (path.name, rule.id, found)
            settings = {c.fact: c.value for c in w.nearest[0] if c.value is not None}
            after = ref.infer(tuple({**given, **settings}.items()), {})
            assert rule.id in after.fired, (path.name, rule.id, settings)
    assert fixable >= 3  # LIFE-04 on acquisition, LIFE-01 and LIFE-05 on buddying at least
