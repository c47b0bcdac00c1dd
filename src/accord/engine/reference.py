"""The reference evaluator: a plain stratified forward chainer with the same meaning as durable."""

from __future__ import annotations

from accord.engine.conditions import Store, holds, initial_store
from accord.inputs.proposal import FactValue
from accord.kb.model import KnowledgeBase

NAME = "reference"


class ReferenceEngine:
    """Evaluate stratum by stratum to a fixpoint; negation only looks at finished strata."""

    name = NAME

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        strata: dict[int, list] = {}
        for rule in kb.rules:
            strata.setdefault(rule.stratum, []).append(rule)
        self.strata = [strata[s] for s in sorted(strata)]

    @property
    def version(self) -> str:
        from accord import __version__

        return __version__

    def run(self, facts: tuple[tuple[str, FactValue], ...]) -> tuple[frozenset[str], Store]:
        store = initial_store(facts)
        fired: set[str] = set()
        for rules in self.strata:
            pending = list(rules)
            changed = True
            while changed:
                changed = False
                for rule in pending:
                    if rule.id not in fired and holds(rule.when, store):
                        fired.add(rule.id)
                        for fact, value in rule.conclusions:
                            store.setdefault(fact, set()).add(value)
                        changed = True
                pending = [r for r in pending if r.id not in fired]
        return frozenset(fired), store
