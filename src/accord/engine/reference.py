"""The reference evaluator: a plain stratified forward chainer with the same meaning as durable."""

from __future__ import annotations

from accord.engine.conditions import Store
from accord.engine.weighing import Inference, Weigher
from accord.inputs.proposal import FactValue
from accord.kb.model import KnowledgeBase

NAME = "reference"


class ReferenceEngine:
    """Evaluate stratum by stratum; the weighing standard resolves each stratum's conclusions.

    Every rule of a stratum is tested against the facts resolved so far (strata are ordered
    so that whatever a rule reads is complete and weighed before it runs).
    """

    name = NAME

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.weigher = Weigher(kb)

    @property
    def version(self) -> str:
        from accord import __version__

        return __version__

    def infer(
        self, facts: tuple[tuple[str, FactValue], ...], origins: dict[str, str] | None = None
    ) -> Inference:
        """Evaluate the facts (sorted (name, value) pairs) and weigh every conclusion."""
        w = self.weigher
        inf = w.start(facts, origins or {})
        test = w.test  # each rule's condition, compiled once (the meaning of holds())
        for stratum, rules in enumerate(w.rules_by_stratum):
            for rule in rules:
                if test[rule.id](inf.store):
                    w.fire(inf, rule)
            w.resolve(inf, stratum)
        return inf

    def run(self, facts: tuple[tuple[str, FactValue], ...]) -> tuple[frozenset[str], Store]:
        """The rules that fired and the resolved facts (what the rule cases check)."""
        inf = self.infer(facts)
        return frozenset(inf.fired), inf.store
