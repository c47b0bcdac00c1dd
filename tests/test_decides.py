"""'(decides the call)' is said only of a fact an answer to which changes the call."""

from __future__ import annotations

import accord
from accord.engine.whatif import candidate_values
from accord.inputs.changes import with_facts
from accord.report.text import to_text
from tests.conftest import ROOT


def _levels(kb, p, name):
    """The call's level for each answer to one fact, by full assessments."""
    out = set()
    for value in candidate_values(kb.facts[name], set(kb.facts[name].value_names)):
        try:
            changed = with_facts(p, kb, set={name: value})
        except accord.errors.AccordError:
            continue  # an answer the proposal's other facts do not allow
        out.add(accord.assess(changed, kb, "reference").overall.level)
    return out


def test_every_fact_said_to_decide_the_call_changes_it(kb):
    tagged = untagged = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        p = accord.load_proposal(path, kb)
        a = accord.assess(p, kb, "reference")
        form = p.fact_map().get("form")
        deciding = set(kb.standard.deciding(form if isinstance(form, str) else None))
        for gap in a.missing:
            if gap.decides:
                tagged += 1
                assert _levels(kb, p, gap.fact) - {a.overall.level}, (path.name, gap.fact)
            elif gap.fact in deciding:
                untagged += 1
                assert _levels(kb, p, gap.fact) == {a.overall.level}, (path.name, gap.fact)
    assert tagged and untagged  # both kinds occur on the examples


def test_the_acquisition_does_not_say_capacity_decides_the_call(kb):
    p = accord.load_proposal(ROOT / "examples" / "acquisition.yaml", kb)
    a = accord.assess(p, kb, "reference")
    gap = {m.fact: m for m in a.missing}.get("supporting_partner_capacity")
    assert gap is None or not gap.decides
    assert _levels(kb, p, "supporting_partner_capacity") == {a.overall.level}
    text = to_text(a)
    assert "Facts needed for a call on this form, still unknown" in text
    assert "decide the call" not in text
