"""durable-rules and the reference evaluator must agree on every example and generated proposal."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.engine import durable_available, get_engine
from accord.engine.explain import assess
from accord.inputs.proposal import load_proposal, proposal_from_facts
from accord.kb.load import load_kb
from accord.report.json import to_json
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.skipif(
    not durable_available(), reason="durable-rules does not import here"
)
KB = load_kb()


def fact_strategy(fdef):
    if fdef.type == "enum":
        return st.sampled_from(fdef.value_names)
    if fdef.type == "set":
        return st.lists(st.sampled_from(fdef.value_names), min_size=1, unique=True)
    if fdef.type == "bool":
        return st.booleans()
    return st.integers(min_value=fdef.minimum or 0, max_value=min(fdef.maximum or 50, 50))


proposals = st.fixed_dictionaries(
    {}, optional={name: fact_strategy(f) for name, f in KB.facts.items()}
)


def neutral(assessment):
    """The assessment without the fields that name the engine."""
    prov = dataclasses.replace(assessment.provenance, engine="", engine_version="")
    return to_json(dataclasses.replace(assessment, provenance=prov))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_engines_agree_on_examples(example):
    prop = load_proposal(example, KB)
    durable = assess(prop, KB, "durable")
    reference = assess(prop, KB, "reference")
    assert durable.provenance.engine == "durable-rules"
    assert neutral(durable) == neutral(reference)


@settings(
    max_examples=500, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(proposals)
def test_engines_agree_on_generated_proposals(facts):
    prop = proposal_from_facts(facts, KB)
    fired_d, store_d = get_engine(KB, "durable").run(prop.facts)
    fired_r, store_r = get_engine(KB, "reference").run(prop.facts)
    assert fired_d == fired_r
    assert store_d == store_r
    durable = assess(prop, KB, "durable", missing=False)
    reference = assess(prop, KB, "reference", missing=False)
    assert neutral(durable) == neutral(reference)
