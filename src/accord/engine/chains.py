"""Chains of reasoning behind each conclusion: the steps, their grades and citations.

A mixin of the assessment builder (engine/explain.py): it reads the attributes the builder sets
(kb, inf, store, derivers, evidence) and caches each rule's step and chain grade.
"""

from __future__ import annotations

from collections.abc import Mapping

from accord.engine.assessment import Citation, Pair, Reason, Step
from accord.engine.conditions import Evidence, Store
from accord.engine.phrasing import rule_text
from accord.engine.weighing import Inference
from accord.kb.model import KnowledgeBase, Rule, Scalar, grade_rank


class Chains:
    """Because-chains: each conclusion's step, the facts at its root and its weakest link."""

    kb: KnowledgeBase
    inf: Inference
    store: Store
    derivers: dict[Pair, list[Rule]]
    evidence: dict[str, Evidence]
    _steps: dict[str, Step]
    _grades: dict[str, int]
    given: Mapping[str, object]

    def said(self, rule: Rule, key: str) -> str:
        """A rule's title, because or advice in the proposal's form (placeholders filled)."""
        return rule_text(self.kb, rule, key, self.given.get("form"))

    def input_pairs(self, rid: str) -> tuple[Pair, ...]:
        return tuple(p for p in self.evidence[rid].matched if p[0] in self.kb.facts)

    def step(self, rid: str, path: frozenset[str] = frozenset()) -> Step:
        """The because-chain ending in rule rid, with every supporting derivation below it."""
        if rid in self._steps and not path:
            return self._steps[rid]
        rule = self.kb.rule(rid)
        supports: list[Step] = []
        for pair in self.evidence[rid].matched:
            if pair[0] in self.kb.facts:
                continue
            for sup in self.derivers.get(pair, ()):
                if sup.id not in path and sup.id != rid:
                    supports.append(self.step(sup.id, path | {rid}))
        step = Step(
            rule=rid,
            kind=rule.kind,
            title=self.said(rule, "title"),
            because=self.said(rule, "because"),
            grade=rule.grade,
            concludes=rule.conclusions,
            facts=self.input_pairs(rid),
            absent=self.evidence[rid].absent,
            supports=tuple(supports),
        )
        if not path:
            self._steps[rid] = step
        return step

    def chain_grade(self, rid: str, path: frozenset[str] = frozenset()) -> int:
        """Weakest link of the strongest derivation: min over what a rule reads, max over alternatives."""
        if rid in self._grades and not path:
            return self._grades[rid]
        rule = self.kb.rule(rid)
        grade = grade_rank(rule.grade)
        for pair in self.evidence[rid].matched:
            if pair[0] in self.kb.facts:
                continue
            alternatives = [
                self.chain_grade(s.id, path | {rid})
                for s in self.derivers.get(pair, ())
                if s.id not in path and s.id != rid
            ]
            if alternatives:
                grade = min(grade, max(alternatives))
        if not path:
            self._grades[rid] = grade
        return grade

    def root_facts(self, step: Step) -> set[Pair]:
        out = set(step.facts)
        for s in step.supports:
            out |= self.root_facts(s)
        return out

    def citations(self, rule: Rule) -> tuple[Citation, ...]:
        out = []
        for cid in rule.evidence:
            claim = self.kb.claims[cid]
            source = self.kb.sources.get(claim.source)
            out.append(
                Citation(
                    claim=cid,
                    source=claim.source,
                    citation=source.citation if source else claim.source,
                    location=claim.location,
                    grade=claim.grade,
                    status=claim.status,
                )
            )
        return tuple(out)

    def reason(self, rule: Rule) -> Reason:
        return Reason(
            rule.id,
            self.said(rule, "title"),
            self.said(rule, "because"),
            rule.grade,
            self.evidence[rule.id].matched,
        )

    def chains(self, fact: str, value: Scalar) -> tuple[Step, ...]:
        return tuple(
            self.step(a.rule)
            for a in self.inf.arguments.get(fact, [])
            if a.value == value and a.rule in self.inf.fired
        )
