"""Build an Assessment from what the engine fired: explanations, chains, gaps and provenance."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from accord.engine import Engine, get_engine
from accord.engine.assessment import (
    Advice,
    Assessment,
    FactView,
    Firing,
    MissingFact,
    Pair,
    Placement,
    Provenance,
    Step,
    Target,
    UnusedFact,
)
from accord.engine.conditions import Store, explain
from accord.engine.judge import make_call
from accord.engine.judge import show as show_value
from accord.engine.phrasing import one_sentence
from accord.engine.weighed import Weighed
from accord.engine.weighing import (
    Inference,
    Weigher,
)
from accord.inputs.proposal import Proposal
from accord.kb.model import (
    STAGES,
    KnowledgeBase,
    Rule,
)

if TYPE_CHECKING:
    from accord.survey.apply import SurveyUse


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
    inf = eng.infer(proposal.facts, origins(proposal))
    built = _Builder(kb, eng, proposal, inf).build(missing)
    return replace(built, survey=survey) if survey is not None else built


def origins(proposal: Proposal) -> dict[str, str]:
    """Where each stated fact came from, for its strength under the weighing standard."""
    out = {name: "from partner list" for name in proposal.derived_from_partners}
    out.update({name: "from survey" for name in proposal.from_survey})
    return out


class _Builder(Weighed):
    def __init__(
        self,
        kb: KnowledgeBase,
        eng: Engine,
        proposal: Proposal,
        inf: Inference,
    ) -> None:
        self.kb = kb
        self.eng = eng
        self.proposal = proposal
        self.inf = inf
        self.fired = sorted(inf.fired, key=lambda rid: (kb.rule(rid).stratum, rid))
        self.store = inf.store
        self.given = proposal.fact_map()
        self.derivers: dict[Pair, list[Rule]] = {}
        for rid in self.fired:
            rule = kb.rule(rid)
            for pair in rule.conclusions:
                self.derivers.setdefault(pair, []).append(rule)
        self.evidence = {rid: explain(kb.rule(rid).when, self.store) for rid in self.fired}
        self._steps: dict[str, Step] = {}
        self._grades: dict[str, int] = {}

    def build(self, missing: bool) -> Assessment:
        risks, set_aside = self.risks()
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
            in_favour=self.in_favour(),
            set_aside=set_aside,
            unused_stated=self.unused_stated(),
            one_sentence=one_sentence(self.kb, self.proposal),
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
                meaning = fdef.meaning(value) if fdef.type in ("enum", "set") else show_value(value)
            out.append(FactView(name, fdef.label, value, meaning, self.origin(name)))
        return tuple(out)

    # --- explanations ---------------------------------------------------------------------

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
                    values=tuple(show_value(v) for v in values),
                    meanings=tuple(
                        fdef.meaning(v) if fdef.values else show_value(v) for v in values
                    ),
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

    def target(self, t: str) -> Target:
        if "=" in t:
            fact, _, state = t.partition("=")
            d = self.kb.derived[fact]
            return Target(t, f"{d.label}: {d.meaning(state)}", state in self.store.get(fact, ()))
        return Target(t, self.said(self.kb.rule(t), "title"), t in self.store.get("risk", ()))

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
                    title=self.said(rule, "title"),
                    advice=self.said(rule, "advice"),
                    because=self.said(rule, "because"),
                    stages=rule.stages,
                    addresses=tuple(self.target(t) for t in rule.addresses),
                    grade=rule.grade,
                    evidence=self.citations(rule),
                )
            )
        out.sort(key=lambda a: (min(STAGES.index(s) for s in a.stages), a.id))
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

    # --- stated facts that changed nothing ---------------------------------------------------
    def unused_stated(self) -> tuple[UnusedFact, ...]:
        """The stated facts whose removal changes nothing, in vocabulary order.

        Exact: a fact is listed when, without it, the same rules fire, every derived fact
        resolves to the same state by the same standard, the same risks are raised with the
        same severity and likelihood, and the call is the same. Whether the same rules fire is
        decided by the rules that read the fact: if none changes whether it holds or what it
        matched, nothing downstream can change; if one does, the rules that fire differ and the
        fact is used. Only the call is then checked again (it counts the deciding facts stated),
        so no evaluation is run again.
        """
        weigher = getattr(self.eng, "weigher", None) or Weigher(self.kb)
        level = make_call(self.kb, self.inf, self.given).level
        form = self.given.get("form")
        deciding = {
            "form",
            *(
                self.kb.standard.deciding(form if isinstance(form, str) else None)
                if self.kb.standard
                else ()
            ),
        }
        read = {f for rid in self.fired for f, _ in self.evidence[rid].matched}
        out = []
        for name, fdef in self.kb.facts.items():
            if name not in self.given:
                continue
            # the call counts only the deciding facts stated; the rest cannot move it
            if name in deciding:
                without = {k: v for k, v in self.given.items() if k != name}
                if make_call(self.kb, self.inf, without).level != level:
                    continue
            if _reader_changes(weigher, self.store, name):
                continue
            if fdef.collected_because:
                reason = fdef.collected_because
            elif name in read:
                reason = "the rules that read it reach the same conclusions without it"
            else:
                reason = "no rule reads it for this proposal"
            out.append(UnusedFact(name, fdef.label, reason))
        return tuple(out)

    # --- what would change the advice ------------------------------------------------------
    def missing(self) -> tuple[tuple[MissingFact, ...], tuple[str, ...]]:
        from accord.engine.whatif import what_would_change

        weigher = getattr(self.eng, "weigher", None) or Weigher(self.kb)
        return what_would_change(self.kb, weigher, self.inf, self.given)


def _reader_changes(weigher: Weigher, store: Store, fact: str) -> bool:
    """Whether leaving the fact unknown changes whether any rule reading it holds, or what it
    matched; when none does, every conclusion stays as it is."""
    trial = dict(store)
    trial.pop(fact, None)
    for rule in weigher.readers(fact):
        test, matched = weigher.test[rule.id], weigher.matched[rule.id]
        before, after = test(store), test(trial)
        if before != after:
            return True
        if before and matched(store) != matched(trial):
            return True
    return False


def _pair_key(pair: Pair) -> tuple[str, str]:
    return pair[0], repr(pair[1])


def _accord_version() -> str:
    from accord import __version__

    return __version__
