"""The weighed part of an assessment: mechanisms by their standard, risks with likelihood and
mitigations, what is in the proposal's favour, the call, and the tensions it decided.

A mixin of the assessment builder (engine/explain.py), reading the inference the weighing
standard produced (engine/weighing.py) and the standard itself (kb.standard).
"""

from __future__ import annotations

from collections.abc import Mapping

from accord.engine.assessment import (
    Factor,
    Favour,
    MechanismState,
    Mitigation,
    Overall,
    Pair,
    Risk,
    Tension,
    TensionSide,
)
from accord.engine.chains import Chains
from accord.engine.conditions import holds
from accord.engine.judge import lower_label, make_call, summary, why_likely
from accord.engine.weighing import CONTESTED, NO_SIGNAL, WEAK, WITHHELD, Argument, accrue
from accord.inputs.proposal import FactValue
from accord.kb.model import GRADES, SEVERITIES, DerivedDef, severity_rank

NOT_ESTABLISHED = "not established"
_DERIVERS: dict[str, dict[str, list[str]]] = {}  # by knowledge-base content hash


class Weighed(Chains):
    """Sections of the assessment that show how the standard weighed the arguments."""

    given: Mapping[str, FactValue]
    fired: list[str]

    def mechanisms(self) -> tuple[MechanismState, ...]:
        """Every mechanism and outcome with the state and standard the weighing gave it."""
        return tuple(
            self.mechanism(name, d) for name, d in self.kb.derived.items() if d.kind != "typology"
        )

    def factors(self, name: str) -> tuple[Factor, ...]:
        """The arguments about one fact, with their weights and whether each was counted."""
        args = self.inf.arguments.get(name, [])
        counted = {v: roots for v, (_, roots) in accrue(args).items()}
        return tuple(
            Factor(
                str(a.value),
                a.rule,
                self.said(self.kb.rule(a.rule), "title"),
                self.said(self.kb.rule(a.rule), "because"),
                self.kb.rule(a.rule).grade,
                self.evidence[a.rule].matched,
                a.weight,
                _counted(a, args, counted),
            )
            for a in sorted(args, key=lambda a: (str(a.value), -a.weight, a.rule))
        )

    def mechanism(self, name: str, d: DerivedDef) -> MechanismState:
        res = self.inf.resolutions.get(name)
        factors = self.factors(name)
        if res is None:
            blocked = self.withheld_by(name)
            standard = WITHHELD if blocked else NO_SIGNAL
            meaning = "nothing in the proposal moves this either way"
            if blocked:
                meaning = (
                    "withheld: rules that would move this read "
                    + ", ".join(self.label(b) for b in blocked)
                    + ", which the proposal leaves contested or too weak to rely on"
                )
            return MechanismState(
                name,
                d.kind,
                d.label,
                d.description,
                d.family,
                standard,
                meaning,
                factors,
                standard,
                0.0,
                (),
                None,
                blocked,
            )
        support = tuple((str(v), w) for v, w in res.support)
        lean = str(res.state) if res.state is not None else str(res.support[0][0])
        state, meaning = lean, d.meaning(lean)
        if res.standard == CONTESTED:
            sides = " and ".join(f"{v} ({w:.2f})" for v, w in support)
            state = CONTESTED
            meaning = f"contested: the arguments are too close to call ({sides}); nothing follows"
        elif res.standard == WEAK:
            draw = self.kb.standard.draw(name, d.kind) if self.kb.standard else 0.0
            state = NOT_ESTABLISHED
            meaning = (
                f"leans to {lean} ({d.meaning(lean)}) with strength {res.strength:.2f}, "
                f"below the {draw:.2f} needed to rely on it; nothing follows from it"
            )
        return MechanismState(
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

    def label(self, fact: str) -> str:
        d = self.kb.derived.get(fact)
        return lower_label(d.label) if d else fact.replace("_", " ")

    def kb_derivers(self) -> dict[str, list[str]]:
        """The rules that conclude each derived fact, once per knowledge base."""
        cached = _DERIVERS.get(self.kb.content_hash)
        if cached is None:
            cached = {}
            for rule in self.kb.rules:
                for c in sorted({c for c, _ in rule.conclusions}):
                    cached.setdefault(c, []).append(rule.id)
            _DERIVERS[self.kb.content_hash] = cached
        return cached

    def withheld_by(self, fact: str) -> tuple[str, ...]:
        """Contested or weak facts that kept a rule concluding this fact from firing."""
        unsettled = {
            f: {v for v, _ in r.support}
            for f, r in self.inf.resolutions.items()
            if r.standard in (CONTESTED, WEAK)
        }
        if not unsettled:
            return ()
        out: set[str] = set()
        for rid in self.kb_derivers().get(fact, ()):
            rule = self.kb.rule(rid)
            if rid in self.inf.fired:
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
            title=self.said(rule, "title"),
            severity=call.severity,
            because=self.said(rule, "because"),
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
            self.said(rule, "title"),
            self.said(rule, "because"),
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
            detail = self.said(rule, "because")
            if acts:
                titles = "; ".join(lower_label(self.said(self.kb.rule(r), "title")) for r in acts)
                detail += f" Credited against: {titles}."
            title = self.said(rule, "title")
            out.append(Favour("mitigation", rid, title, detail, self.input_pairs(rid)))
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


def _pair_key(pair: Pair) -> tuple[str, str]:
    return pair[0], repr(pair[1])
