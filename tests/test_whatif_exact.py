"""A what-if re-evaluates only what a changed fact reaches; it must equal a full evaluation.

Weigher.what_if(base, fact, value) is checked against a fresh infer() of the proposal with
fact = value, on a seeded sample of 300 proposals and answers drawn from the vocabulary, on
both engines where durable-rules imports. The compiled conditions the weigher runs are checked
against the tree-walking holds() and explain() they replace.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from accord.engine import durable_available, get_engine
from accord.engine.conditions import compile_holds, compile_matched, explain, holds_tree
from accord.engine.weighing import Inference, Weigher
from accord.engine.whatif import candidate_values
from accord.inputs.proposal import proposal_from_facts
from accord.kb.load import load_kb
from accord.kb.model import FactDef, KnowledgeBase

KB = load_kb()
SAMPLE = 300
ENGINES = ["reference", *(["durable"] if durable_available() else [])]


def draw(rng: random.Random, fdef: FactDef) -> object:
    """A value of a fact, drawn from its vocabulary (ints around the thresholds rules test)."""
    if fdef.type == "enum":
        return rng.choice(fdef.value_names)
    if fdef.type == "set":
        return sorted(rng.sample(fdef.value_names, rng.randint(1, min(3, len(fdef.value_names)))))
    if fdef.type == "bool":
        return rng.random() < 0.5
    return rng.choice(list(candidate_values(fdef, Weigher(KB).referenced.get(fdef.name, set()))))


def sample(seed: int = 2026) -> list[tuple[dict, str, object]]:
    """SAMPLE (stated facts, unknown fact, its trial value), reproducibly."""
    rng = random.Random(seed)
    w = Weigher(KB)
    reachable = [name for name in KB.facts if w.cone(name)]
    out = []
    while len(out) < SAMPLE:
        facts = {n: draw(rng, f) for n, f in KB.facts.items() if rng.random() < rng.random()}
        unknown = [n for n in reachable if n not in facts]
        if not unknown:
            continue
        name = rng.choice(unknown)
        out.append((facts, name, draw(rng, KB.facts[name])))
    return out


def comparable(kb: KnowledgeBase, w: Weigher, inf: Inference) -> dict:
    """Everything an evaluation concluded, over the rules that can reach a risk."""
    reach = w.reach_risks
    facts = set(kb.facts) | {f for r in kb.rules if r.id in reach for f, _ in r.conclusions}
    facts.add("risk")
    units = {u for u, rids in w.units.items() if any(r in reach for r in rids)}
    return {
        "store": {f: v for f, v in inf.store.items() if f in facts},
        "strength": {p: s for p, s in inf.strength.items() if p[0] in facts},
        "roots": {p: r for p, r in inf.roots.items() if p[0] in facts},
        "fired": inf.fired & reach,
        "resolutions": {f: r for f, r in inf.resolutions.items() if f in facts},
        "risks": inf.risks,
        "arguments": {u: Counter(a) for u, a in inf.arguments.items() if u in units and a},
    }


@pytest.mark.parametrize("engine_name", ENGINES)
def test_what_if_equals_a_full_evaluation(engine_name):
    eng = get_engine(KB, engine_name)
    w = eng.weigher
    differing = 0
    for facts, name, value in sample():
        base = eng.infer(proposal_from_facts(facts, KB).facts)
        trial_facts = proposal_from_facts({**facts, name: value}, KB).facts
        expected = comparable(KB, w, eng.infer(trial_facts))
        shown = dict(trial_facts)[name]  # a set fact as the sorted tuple the engine reads
        got = w.what_if(base, name, shown)
        assert comparable(KB, w, got) == expected, (facts, name, value)
        differing += comparable(KB, w, base) != expected
        # what_if never changes its base
        assert comparable(KB, w, base) == comparable(
            KB, w, eng.infer(proposal_from_facts(facts, KB).facts)
        )
    assert differing > SAMPLE // 3  # the sample exercises answers that change things


def test_compiled_conditions_mean_what_the_tree_means():
    eng = get_engine(KB, "reference")
    checked = 0
    for facts, name, value in sample()[:100]:
        for stated in (facts, {**facts, name: value}):
            store = eng.infer(proposal_from_facts(stated, KB).facts).store
            for rule in KB.rules:
                held = holds_tree(rule.when, store)
                assert compile_holds(rule.when)(store) == held, rule.id
                if held:
                    assert compile_matched(rule.when)(store) == explain(rule.when, store).matched
                    checked += 1
    assert checked > 1000
