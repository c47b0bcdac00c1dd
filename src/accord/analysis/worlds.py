"""Sampled worlds: a proposal with its unknown facts drawn, assessed, and counted.

A world is the proposal as stated plus one draw of every unknown fact (accord.analysis.priors).
World i of a run with seed S is drawn from its own random generator, seeded with the first
8 bytes (big-endian) of SHA-256("accord.robustness/1:S:i"), drawing the unknown facts in
vocabulary order; so a world never depends on which process or machine drew it, or on the
worlds before it, and a run split in chunks (local processes or Dask) gives the same counts
as one loop. A drawn fact counts as stated (strength 1 under the weighing standard).

Each world is evaluated by the engine and the call made exactly as `accord assess` makes them
(engine.infer, then judge.make_call): the level and the raised risks with their severity and
likelihood equal those of a full assessment of the same facts (tests/test_robustness.py). The
"what would change" analysis is not run: a world has nothing left to find out.
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from accord.analysis.priors import Prior
from accord.engine import Engine, get_engine
from accord.engine.judge import make_call
from accord.errors import UsageError
from accord.inputs.proposal import FactValue, Proposal
from accord.kb.load import load_kb
from accord.kb.model import KnowledgeBase

# keys: ("level", level), ("risk", id, severity, likelihood), ("joint", key, group, level),
# ("jrisk", key, group, risk id): worlds with that call / risk / value and call / value and
# risk, where key is a fact or "fact:value" of a set fact (Prior.driver_keys)
Tally = Counter


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to draw and assess worlds, as plain picklable data.

    kb_root: the knowledge-base folder (workers load it once; it must be readable there, with
    the same content hash kb_hash); engine: "auto", "durable" or "reference"; stated: the
    proposal's facts as sorted (name, value) pairs; origins: (fact, origin) of facts not stated
    by hand (partner list, survey); priors: one per unknown fact, in vocabulary order.
    """

    kb_root: str
    kb_hash: str
    engine: str
    stated: tuple[tuple[str, FactValue], ...]
    origins: tuple[tuple[str, str], ...]
    priors: tuple[Prior, ...]
    seed: int


def sample_seed(seed: int, index: int) -> int:
    """The seed of world `index` in a run with `seed` (see the module's description)."""
    digest = hashlib.sha256(f"accord.robustness/1:{seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def draw(plan: Plan, index: int) -> dict[str, FactValue | None]:
    """The unknown facts' values in world `index` (None: stays unknown), by fact name."""
    rng = random.Random(sample_seed(plan.seed, index))
    return {p.fact: p.draw(rng) for p in plan.priors}


def world_facts(
    plan: Plan, drawn: dict[str, FactValue | None]
) -> tuple[tuple[str, FactValue], ...]:
    """The stated facts and the drawn ones, sorted by name, unknowns left out."""
    facts = dict(plan.stated)
    facts.update({k: v for k, v in drawn.items() if v is not None})
    return tuple(sorted(facts.items()))


def world_proposal(proposal: Proposal, plan: Plan, index: int) -> Proposal:
    """World `index` as a Proposal (same title, partners and provenance; facts drawn in)."""
    return replace(proposal, facts=world_facts(plan, draw(plan, index)))


def outcome(
    kb: KnowledgeBase, eng: Engine, plan: Plan, facts: tuple[tuple[str, FactValue], ...]
) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """The call and the raised risks (id, severity, likelihood), in id order, of one world."""
    inf = eng.infer(facts, dict(plan.origins))
    level = make_call(kb, inf, dict(facts)).level
    risks = tuple(
        (rid, r.severity, r.likelihood) for rid, r in sorted(inf.risks.items()) if r.raised
    )
    return level, risks


def evaluate(kb: KnowledgeBase, eng: Engine, plan: Plan, start: int, stop: int) -> Tally:
    """Draw and assess worlds start..stop-1; count calls, risks and both by drawn value."""
    tally: Tally = Counter()
    by_value: dict[tuple[str, str], Counter[str]] = {}  # (fact, group) -> risk id -> worlds
    for i in range(start, stop):
        drawn = draw(plan, i)
        level, risks = outcome(kb, eng, plan, world_facts(plan, drawn))
        tally[("level", level)] += 1
        tally.update(("risk", *r) for r in risks)
        raised = [rid for rid, _, _ in risks]
        for p in plan.priors:
            for key, group in zip(p.driver_keys(), p.groups(drawn[p.fact]), strict=True):
                tally[("joint", key, group, level)] += 1
                counter = by_value.get((key, group))
                if counter is None:
                    counter = by_value[(key, group)] = Counter()
                counter.update(raised)
    for (fact, group), counter in by_value.items():
        tally.update({("jrisk", fact, group, rid): n for rid, n in counter.items()})
    return tally


_local = threading.local()  # per thread of a worker: (key, kb, engine)


def context(plan: Plan) -> tuple[KnowledgeBase, Engine]:
    """The knowledge base and engine of a plan, loaded once per worker thread.

    Raises UsageError when the folder there holds another knowledge base than the plan's.
    """
    key = (plan.kb_root, plan.kb_hash, plan.engine)
    held: Any = getattr(_local, "held", None)
    if held is None or held[0] != key:
        kb = load_kb(plan.kb_root, cases=False)
        if kb.content_hash != plan.kb_hash:
            raise UsageError(
                f"{plan.kb_root}: the knowledge base there differs from the one the run started "
                "with; every worker must see the same knowledge-base folder"
            )
        held = _local.held = (key, kb, get_engine(kb, plan.engine))
    return held[1], held[2]


def run_chunk(plan: Plan, start: int, stop: int) -> Tally:
    """Worlds start..stop-1 of a plan, in a worker process (local or Dask): their counts."""
    kb, eng = context(plan)
    return evaluate(kb, eng, plan, start, stop)
