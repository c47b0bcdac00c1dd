"""Build an Assessment from what the engine fired: explanations, chains, gaps and provenance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from accord.engine import Engine, get_engine
from accord.engine.assessment import (
    Advice,
    Assessment,
    Citation,
    Factor,
    FactView,
    Firing,
    MechanismState,
    MissingFact,
    Overall,
    Pair,
    Placement,
    Provenance,
    Reason,
    Risk,
    Step,
    Target,
    Tension,
    TensionSide,
)
from accord.engine.conditions import Store, explain
from accord.inputs.proposal import FactValue, Proposal
from accord.kb.model import (
    GRADES,
    SEVERITIES,
    STAGES,
    KnowledgeBase,
    Rule,
    Scalar,
    grade_rank,
    severity_rank,
)
from accord.kb.strata import referenced_values

if TYPE_CHECKING:
    from accord.survey.apply import SurveyUse

NO_SIGNAL = "no signal"
CONTESTED = "contested"


def assess(
    proposal: Proposal,
    kb: KnowledgeBase,
    engine: Engine | str = "auto",
    *,
    missing: bool = True,
    survey: SurveyUse | None = None,
) -> Assessment:
    """Evaluate a proposal against the knowledge base and explain every conclusion.

    With survey (from accord.survey.apply.apply_survey), the proposal already carries the facts
    the survey filled in, and the assessment reports the scores, those facts and any conflicts.
    """
    eng = get_engine(kb, engine) if isinstance(engine, str) else engine
    fired, store = eng.run(proposal.facts)
    built = _Builder(kb, eng, proposal, fired, store).build(missing)
    return replace(built, survey=survey) if survey is not None else built


def conclusions(kb: KnowledgeBase, store: Store) -> frozenset[str]:
    """Name every derived conclusion in a store, as 'fact=value' strings."""
    out: set[str] = set()
    for fact, values in store.items():
        if fact in kb.facts:
            continue
        out.update(f"{fact}={v}" for v in values)
    return frozenset(out)


class _Builder:
    def __init__(
        self,
        kb: KnowledgeBase,
        eng: Engine,
        proposal: Proposal,
        fired: frozenset[str],
        store: Store,
    ) -> None:
        self.kb = kb
        self.eng = eng
        self.proposal = proposal
        self.fired = sorted(fired, key=lambda rid: (kb.rule(rid).stratum, rid))
        self.store = store
        self.given = proposal.fact_map()
        self.derivers: dict[Pair, list[Rule]] = {}
        for rid in self.fired:
            rule = kb.rule(rid)
            for pair in rule.conclusions:
                self.derivers.setdefault(pair, []).append(rule)
        self.evidence = {rid: explain(kb.rule(rid).when, store) for rid in self.fired}
        self._steps: dict[str, Step] = {}
        self._grades: dict[str, int] = {}

    def build(self, missing: bool) -> Assessment:
        risks = self.risks()
        missing_facts, silent = self.missing() if missing else ((), ())
        return Assessment(
            title=self.proposal.title,
            summary=self.proposal.summary,
            partners=tuple((p.name, p.sector, p.role) for p in self.proposal.partners),
            facts=self.fact_views(),
            typology=self.typology(),
            mechanisms=self.mechanisms(),
            overall=self.overall(risks),
            risks=risks,
            recommendations=self.advice("recommendation"),
            checks=self.advice("lifecycle"),
            tensions=self.tensions(),
            missing=missing_facts,
            unknown_without_effect=silent,
            trace=self.trace(),
            limits=self.kb.limits,
            provenance=Provenance(
                accord_version=_accord_version(),
                kb_name=self.kb.name,
                kb_version=self.kb.version,
                kb_hash=self.kb.content_hash,
                engine=self.eng.name,
                engine_version=self.eng.version,
                input=self.proposal.source,
                input_hash=self.proposal.input_hash,
            ),
        )

    # --- facts ----------------------------------------------------------------------------
    def origin(self, fact: str) -> str:
        if fact not in self.given:
            return "unknown"
        if fact in self.proposal.from_survey:
            return "from survey"
        return "from partner list" if fact in self.proposal.derived_from_partners else "stated"

    def fact_views(self) -> tuple[FactView, ...]:
        out = []
        for name, fdef in self.kb.facts.items():
            value = self.given.get(name)
            if isinstance(value, tuple):
                meaning = "; ".join(fdef.meaning(v) for v in value)
            elif value is None:
                meaning = "not stated"
            else:
                meaning = fdef.meaning(value) if fdef.type in ("enum", "set") else _show(value)
            out.append(FactView(name, fdef.label, value, meaning, self.origin(name)))
        return tuple(out)

    # --- explanations ---------------------------------------------------------------------
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
            title=rule.title,
            because=rule.because,
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
        return Reason(rule.id, rule.title, rule.because, rule.grade, self.evidence[rule.id].matched)

    # --- sections -------------------------------------------------------------------------
    def typology(self) -> tuple[Placement, ...]:
        out = []
        for name, fdef in self.kb.facts.items():
            if fdef.group != "typology":
                continue
            value = self.given.get(name)
            values = value if isinstance(value, tuple) else (() if value is None else (value,))
            out.append(
                Placement(
                    dimension=name,
                    label=fdef.label,
                    values=tuple(_show(v) for v in values),
                    meanings=tuple(fdef.meaning(v) if fdef.values else _show(v) for v in values),
                    origin=self.origin(name),
                    reasons=(),
                )
            )
        for name, d in self.kb.derived.items():
            if d.kind != "typology":
                continue
            values = tuple(sorted(str(v) for v in self.store.get(name, ())))
            reasons = tuple(
                self.reason(r) for v in values for r in self.derivers.get((name, v), ())
            )
            out.append(
                Placement(
                    dimension=name,
                    label=d.label,
                    values=values,
                    meanings=tuple(d.meaning(v) for v in values),
                    origin="derived" if values else "unknown",
                    reasons=reasons,
                )
            )
        return tuple(out)

    def mechanisms(self) -> tuple[MechanismState, ...]:
        out = []
        for name, d in self.kb.derived.items():
            if d.kind == "typology":
                continue
            values = sorted(str(v) for v in self.store.get(name, ()))
            if not values:
                state, meaning = NO_SIGNAL, "nothing in the proposal moves this either way"
            elif len(values) == 1:
                state, meaning = values[0], d.meaning(values[0])
            else:
                state = CONTESTED
                meaning = "the proposal pushes this both ways: " + " and ".join(values)
            factors = tuple(
                Factor(v, r.id, r.title, r.because, r.grade, self.evidence[r.id].matched)
                for v in values
                for r in self.derivers.get((name, v), ())
            )
            out.append(
                MechanismState(
                    name, d.kind, d.label, d.description, d.family, state, meaning, factors
                )
            )
        return tuple(out)

    def risks(self) -> tuple[Risk, ...]:
        out = []
        for rid in self.fired:
            rule = self.kb.rule(rid)
            if rule.kind != "risk":
                continue
            chain = self.step(rid)
            out.append(
                Risk(
                    id=rid,
                    title=rule.title,
                    severity=rule.severity or "low",
                    because=rule.because,
                    grade=rule.grade,
                    chain_grade=GRADES[self.chain_grade(rid)],
                    evidence=self.citations(rule),
                    facts=tuple(sorted(self.root_facts(chain), key=_pair_key)),
                    chain=chain,
                )
            )
        out.sort(key=lambda r: (-severity_rank(r.severity), -grade_rank(r.chain_grade), r.id))
        return tuple(out)

    def overall(self, risks: tuple[Risk, ...]) -> Overall:
        counts = {s: sum(1 for r in risks if r.severity == s) for s in SEVERITIES}
        if counts["high"]:
            level = "high concern"
            summary = f"{counts['high']} high-severity risk(s) need a plan before this goes ahead."
        elif counts["medium"]:
            level = "some concern"
            summary = f"No high-severity risk; {counts['medium']} medium risk(s) to manage."
        else:
            level = "low concern"
            summary = "No high- or medium-severity risk was found in what the proposal states."
        return Overall(level, summary, tuple((s, counts[s]) for s in reversed(SEVERITIES)))

    def target(self, t: str) -> Target:
        if "=" in t:
            fact, _, state = t.partition("=")
            d = self.kb.derived[fact]
            return Target(t, f"{d.label}: {d.meaning(state)}", state in self.store.get(fact, ()))
        return Target(t, self.kb.rule(t).title, t in self.store.get("risk", ()))

    def advice(self, kind: str) -> tuple[Advice, ...]:
        out = []
        for rid in self.fired:
            rule = self.kb.rule(rid)
            if rule.kind != kind:
                continue
            out.append(
                Advice(
                    id=rid,
                    kind=kind,
                    title=rule.title,
                    advice=rule.advice,
                    because=rule.because,
                    stages=rule.stages,
                    addresses=tuple(self.target(t) for t in rule.addresses),
                    grade=rule.grade,
                    evidence=self.citations(rule),
                )
            )
        out.sort(key=lambda a: (min(STAGES.index(s) for s in a.stages), a.id))
        return tuple(out)

    def tensions(self) -> tuple[Tension, ...]:
        out = []
        for name, d in self.kb.derived.items():
            values = sorted(str(v) for v in self.store.get(name, ()))
            if len(values) < 2:
                continue
            sides = tuple(
                TensionSide(
                    v, d.meaning(v), tuple(self.step(r.id) for r in self.derivers[(name, v)])
                )
                for v in values
            )
            out.append(Tension(name, d.label, sides))
        return tuple(out)

    def trace(self) -> tuple[Firing, ...]:
        return tuple(
            Firing(
                rule=rid,
                kind=self.kb.rule(rid).kind,
                stratum=self.kb.rule(rid).stratum,
                matched=self.evidence[rid].matched,
                absent=self.evidence[rid].absent,
                derived=self.kb.rule(rid).conclusions,
            )
            for rid in self.fired
        )

    # --- what would change the advice ------------------------------------------------------
    def missing(self) -> tuple[tuple[MissingFact, ...], tuple[str, ...]]:
        base = conclusions(self.kb, self.store)
        used = referenced_values(self.kb)
        found: list[MissingFact] = []
        silent: list[str] = []
        for name, fdef in self.kb.facts.items():
            if name in self.given:
                continue
            best: tuple[int, str, tuple[str, ...]] = (0, "", ())
            for value in candidate_values(fdef, used.get(name, set())):
                facts = dict(self.proposal.facts)
                facts[name] = value
                _, store = self.eng.run(tuple(sorted(facts.items())))
                diff = tuple(sorted(base ^ conclusions(self.kb, store)))
                if len(diff) > best[0]:
                    best = (len(diff), _show(value), diff)
            if best[0]:
                found.append(
                    MissingFact(name, fdef.label, fdef.question, best[0], best[1], best[2])
                )
            else:
                silent.append(name)
        found.sort(key=lambda m: (-m.changes, m.fact))
        return tuple(found), tuple(silent)


def candidate_values(fdef, used: set[Scalar]) -> Iterable[FactValue]:
    """Answers worth trying for an unknown fact: each value a rule tests, and one it does not."""
    if fdef.type == "bool":
        return (False, True)
    if fdef.type == "int":
        lo = fdef.minimum if fdef.minimum is not None else 0
        hi = fdef.maximum if fdef.maximum is not None else 10**6
        points = {lo}
        for t in used:
            points.update(x for x in (t - 1, t, t + 1) if lo <= x <= hi)  # type: ignore[operator]
        return tuple(sorted(points))
    values = [v for v in fdef.value_names if v in used]
    unused = [v for v in fdef.value_names if v not in used]
    values += unused[:1]
    if fdef.type == "set":
        return tuple((v,) for v in values)
    return tuple(values)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _pair_key(pair: Pair) -> tuple[str, str]:
    return pair[0], repr(pair[1])


def _accord_version() -> str:
    from accord import __version__

    return __version__
