"""Build an Assessment from what the engine fired: explanations, chains, gaps and provenance."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from accord.engine import Engine, get_engine
from accord.engine.assessment import (
    Advice,
    Assessment,
    Citation,
    Factor,
    FactView,
    Favour,
    Firing,
    MechanismState,
    MissingFact,
    Mitigation,
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
    UnusedFact,
)
from accord.engine.conditions import Store, explain, holds
from accord.engine.judge import lower_label, make_call, summary, why_likely
from accord.engine.weighing import (
    CONTESTED,
    NO_SIGNAL,
    WEAK,
    WITHHELD,
    Argument,
    Inference,
    Weigher,
    accrue,
)
from accord.inputs.proposal import Proposal
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

if TYPE_CHECKING:
    from accord.survey.apply import SurveyUse

NOT_ESTABLISHED = "not established"


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
            res = self.inf.resolutions.get(name)
            args = self.inf.arguments.get(name, [])
            counted = {v: roots for v, (_, roots) in accrue(args).items()}
            factors = tuple(
                Factor(
                    str(a.value),
                    a.rule,
                    self.kb.rule(a.rule).title,
                    self.kb.rule(a.rule).because,
                    self.kb.rule(a.rule).grade,
                    self.evidence[a.rule].matched,
                    a.weight,
                    _counted(a, args, counted),
                )
                for a in sorted(args, key=lambda a: (str(a.value), -a.weight, a.rule))
            )
            support = tuple((str(v), w) for v, w in res.support) if res else ()
            std = self.kb.standard
            if res is None:
                blocked = self.withheld_by(name)
                standard = WITHHELD if blocked else NO_SIGNAL
                state = standard
                if blocked:
                    meaning = (
                        "withheld: rules that would move this read "
                        + ", ".join(self.label(b) for b in blocked)
                        + ", which the proposal leaves contested or too weak to rely on"
                    )
                else:
                    meaning = "nothing in the proposal moves this either way"
                out.append(
                    MechanismState(
                        name,
                        d.kind,
                        d.label,
                        d.description,
                        d.family,
                        state,
                        meaning,
                        factors,
                        standard,
                        0.0,
                        support,
                        None,
                        blocked,
                    )
                )
                continue
            lean = str(res.state) if res.state is not None else str(res.support[0][0])
            if res.standard == CONTESTED:
                state = CONTESTED
                sides = " and ".join(f"{v} ({w:.2f})" for v, w in support)
                meaning = (
                    f"contested: the arguments are too close to call ({sides}); "
                    "nothing follows from it"
                )
            elif res.standard == WEAK:
                state = NOT_ESTABLISHED
                draw = std.draw(name, d.kind) if std else 0.0
                meaning = (
                    f"leans to {lean} ({d.meaning(lean)}) with strength {res.strength:.2f}, "
                    f"below the {draw:.2f} needed to rely on it; nothing follows from it"
                )
            else:
                state = lean
                meaning = d.meaning(lean)
            out.append(
                MechanismState(
                    name,
                    d.kind,
                    d.label,
                    d.description,
                    d.family,
                    state,
                    meaning,
                    factors,
                    res.standard,
                    res.strength,
                    support,
                    lean if res.standard in (WEAK, CONTESTED) else None,
                    (),
                )
            )
        return tuple(out)

    def label(self, fact: str) -> str:
        d = self.kb.derived.get(fact)
        return lower_label(d.label) if d else fact.replace("_", " ")

    def withheld_by(self, fact: str) -> tuple[str, ...]:
        """Contested or weak facts that kept a rule concluding this fact from firing."""
        unsettled = {
            f: {v for v, _ in r.support}
            for f, r in self.inf.resolutions.items()
            if r.standard in (CONTESTED, WEAK)
        }
        out: set[str] = set()
        for rule in self.kb.rules:
            if rule.id in self.inf.fired or not any(c == fact for c, _ in rule.conclusions):
                continue
            read = {leaf.fact for leaf in _leaves(rule.when)} & set(unsettled)
            for g in sorted(read):
                trial = dict(self.store)
                trial[g] = set(unsettled[g])
                if holds(rule.when, trial):
                    out.add(g)
        return tuple(sorted(out))

    def risk_record(self, rid: str) -> Risk:
        rule = self.kb.rule(rid)
        call = self.inf.risks[rid]
        chain = self.step(rid)
        mitigations = tuple(self.mitigation(m) for m in call.mitigations)
        std = self.kb.standard
        return Risk(
            id=rid,
            title=rule.title,
            severity=call.severity,
            because=rule.because,
            grade=rule.grade,
            chain_grade=GRADES[self.chain_grade(rid)],
            evidence=self.citations(rule),
            facts=tuple(sorted(self.root_facts(chain), key=_pair_key)),
            chain=chain,
            likelihood=call.likelihood,
            scope=rule.scope,
            strength=call.weight,
            base_likelihood=call.base_likelihood,
            base_severity=call.base_severity,
            why=why_likely(call, std, [m.title for m in mitigations]) if std else "",
            mitigations=mitigations,
        )

    def mitigation(self, mid: str) -> Mitigation:
        rule = self.kb.rule(mid)
        return Mitigation(
            mid,
            rule.title,
            rule.because,
            rule.lowers,
            rule.grade,
            self.input_pairs(mid),
            rule.mitigates,
            self.citations(rule),
        )

    def risks(self) -> tuple[tuple[Risk, ...], tuple[Risk, ...]]:
        raised: list[Risk] = []
        aside: list[Risk] = []
        for rid in sorted(self.inf.risks):
            (raised if self.inf.risks[rid].raised else aside).append(self.risk_record(rid))
        order = {"likely": 0, "possible": 1, "unlikely": 2}

        def key(r: Risk) -> tuple:
            return (r.scope == "form", -severity_rank(r.severity), order[r.likelihood], r.id)

        return tuple(sorted(raised, key=key)), tuple(sorted(aside, key=key))

    def in_favour(self) -> tuple[Favour, ...]:
        out = []
        for rid in self.fired:
            rule = self.kb.rule(rid)
            if rule.kind != "mitigation":
                continue
            acts = [r for r in rule.mitigates if r in self.inf.risks]
            detail = rule.because
            if acts:
                titles = "; ".join(self.kb.rule(r).title.lower() for r in acts)
                detail += f" Credited against: {titles}."
            out.append(Favour("mitigation", rid, rule.title, detail, self.input_pairs(rid)))
        for name, res in sorted(self.inf.resolutions.items()):
            d = self.kb.derived[name]
            good = d.favourable
            if good is None or res.state != good or res.standard in (CONTESTED, WEAK):
                continue
            roots = sorted(self.inf.roots.get((name, good), ()))
            facts = tuple(p for p in sorted(self.given.items()) if p[0] in roots)
            out.append(
                Favour(
                    "mechanism",
                    f"{name}={good}",
                    f"{d.label}: {good}",
                    f"{d.meaning(good)} ({res.standard}, strength {res.strength:.2f})",
                    tuple((f, v) for f, v in facts if not isinstance(v, tuple)),
                )
            )
        return tuple(out)

    def overall(self, risks: tuple[Risk, ...]) -> Overall:
        counts = {
            s: sum(1 for r in risks if r.severity == s and r.scope != "form") for s in SEVERITIES
        }
        call = make_call(self.kb, self.inf, self.given)
        titles = {r.id: r.title for r in risks}
        text, reasons = summary(self.kb, call, titles, self.inf)
        context = [r.title for r in risks if r.scope == "form"]
        if context:
            text += (
                " Context for every proposal of this form, not counted in the call: "
                + "; ".join(context)
                + "."
            )
        return Overall(
            call.level,
            text,
            tuple((s, counts[s]) for s in reversed(SEVERITIES)),
            reasons,
            call.deciding_unknown,
        )

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
        """Arguments that disagree, and how the weighing standard decided between them."""
        out = []
        for name, d in self.kb.derived.items():
            if d.kind == "typology":
                values = sorted(str(v) for v in self.store.get(name, ()))
                if len(values) >= 2:
                    sides = tuple(
                        TensionSide(v, d.meaning(v), self.chains(name, v)) for v in values
                    )
                    out.append(Tension(name, d.label, sides, "placement", "both placements hold"))
                continue
            args = self.inf.arguments.get(name, [])
            lines = accrue(args)
            if len(lines) < 2:
                continue
            res = self.inf.resolutions[name]
            sides = tuple(
                TensionSide(str(v), d.meaning(str(v)), self.chains(name, v), round(w, 6))
                for v, w in res.support
            )
            if res.standard == CONTESTED:
                kind, decided = "contested", "too close to call under the standard; nothing follows"
            else:
                kind = "outweighed"
                decided = f"{res.state} outweighs the rest by {res.strength:.2f} ({res.standard})"
            out.append(Tension(name, d.label, sides, kind, decided))
        out.extend(self.collisions())
        return tuple(out)

    def chains(self, fact: str, value: Scalar) -> tuple[Step, ...]:
        return tuple(
            self.step(a.rule)
            for a in self.inf.arguments.get(fact, [])
            if a.value == value and a.rule in self.inf.fired
        )

    def collisions(self) -> list[Tension]:
        """Drawn states of two mechanisms that pull against each other (the standard's list)."""
        out = []
        std = self.kb.standard
        for c in std.collisions if std else ():
            (fa, sa), (fb, sb) = c.states
            if sa not in self.store.get(fa, ()) or sb not in self.store.get(fb, ()):
                continue
            da, db = self.kb.derived[fa], self.kb.derived[fb]
            sides = (
                TensionSide(
                    f"{fa}={sa}",
                    da.meaning(sa),
                    self.chains(fa, sa),
                    self.inf.strength.get((fa, sa), 0.0),
                ),
                TensionSide(
                    f"{fb}={sb}",
                    db.meaning(sb),
                    self.chains(fb, sb),
                    self.inf.strength.get((fb, sb), 0.0),
                ),
            )
            out.append(
                Tension(
                    f"{fa}={sa}|{fb}={sb}",
                    f"{da.label} against {lower_label(db.label)}",
                    sides,
                    "collision",
                    c.because,
                )
            )
        return out

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
        same severity and likelihood, and the call is the same. When no rule that reads the fact
        changes whether it holds or what it matched, nothing downstream can change and only the
        call is checked again (it counts the deciding facts stated); otherwise the proposal is
        evaluated again without the fact (one evaluation, about a millisecond).
        """
        weigher = getattr(self.eng, "weigher", None) or Weigher(self.kb)
        level = make_call(self.kb, self.inf, self.given).level
        mine = _signature(self.inf)
        read = {f for rid in self.fired for f, _ in self.evidence[rid].matched}
        out = []
        for name, fdef in self.kb.facts.items():
            if name not in self.given:
                continue
            without = {k: v for k, v in self.given.items() if k != name}
            if make_call(self.kb, self.inf, without).level != level:
                continue
            if _reader_changes(weigher, self.store, name):
                trial = _evaluate(weigher, self.proposal, name)
                if _signature(trial) != mine or make_call(self.kb, trial, without).level != level:
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
        before, after = holds(rule.when, store), holds(rule.when, trial)
        if before != after:
            return True
        if before and explain(rule.when, store).matched != explain(rule.when, trial).matched:
            return True
    return False


def _evaluate(weigher: Weigher, proposal: Proposal, leave_out: str) -> Inference:
    """The inference for the proposal without one stated fact: every rule, stratum by stratum,
    under the weighing standard (the same evaluation both engines make)."""
    facts = tuple((n, v) for n, v in proposal.facts if n != leave_out)
    inf = weigher.start(facts, origins(proposal))
    for stratum, rules in enumerate(weigher.rules_by_stratum):
        for rule in rules:
            if holds(rule.when, inf.store):
                weigher.fire(inf, rule)
        weigher.resolve(inf, stratum)
    return inf


def _signature(inf: Inference) -> tuple:
    """What an evaluation concluded, for comparing two: rules fired, each resolved fact's
    standard and state, and the raised risks with severity and likelihood."""
    return (
        frozenset(inf.fired),
        frozenset((f, r.standard, r.state) for f, r in inf.resolutions.items()),
        frozenset((rid, c.severity, c.likelihood) for rid, c in inf.risks.items() if c.raised),
    )


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


def _leaves(cond: object) -> list:
    """Every test in a condition, however deeply nested."""
    from accord.kb.strata import walk

    return [leaf for leaf, _ in walk(cond)]  # type: ignore[arg-type]


def _counted(a: Argument, args: list[Argument], counted: dict) -> bool:
    """Whether this argument is one of the independent lines the standard added up."""
    for other in sorted(args, key=lambda x: (-x.weight, x.rule)):
        if other.value != a.value:
            continue
        if other is a:
            return True
        if other.roots & a.roots:
            return False
    return True
