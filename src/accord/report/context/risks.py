"""Views of risks, advice and because-chains, with every fact written as 'Label: value'."""

from __future__ import annotations

from accord.engine.assessment import (
    Advice,
    Assessment,
    Citation,
    Favour,
    Mitigation,
    Pair,
    Risk,
    Step,
    Tension,
)
from accord.report.context.fields import show
from accord.report.context.records import (
    AdviceView,
    CitationView,
    FavourView,
    MitigationView,
    RiskView,
    SetAsideView,
    StepView,
    TargetView,
    TensionSideView,
    TensionView,
)

TENSION_KINDS = {
    "contested": "too close to call",
    "outweighed": "one side outweighed",
    "collision": "two mechanisms collide",
    "placement": "two placements",
}

RULE_FACT_LABELS = {"risk": "Risk raised", "recommendation": "Recommended", "check": "Check"}


class Views:
    """Builds the views of one assessment, knowing the label of every fact it mentions."""

    def __init__(self, a: Assessment) -> None:
        self.labels: dict[str, str] = {f.fact: f.label for f in a.facts}
        self.labels.update({m.name: m.label for m in a.mechanisms})
        self.labels.update({p.dimension: p.label for p in a.typology})
        self.labels.update(RULE_FACT_LABELS)
        self.risk_ids = {r.id: r for r in a.risks}

    def pair(self, pair: Pair) -> str:
        """A (fact, value) pair in words: 'Trust: low'."""
        name, value = pair
        if name == "risk" and value in self.risk_ids:  # a risk read by a later rule: its title
            return f"{self.labels['risk']}: {self.risk_ids[value].title}"
        return f"{self.labels.get(name, name.replace('_', ' '))}: {show(value)}"

    def label(self, name: str) -> str:
        """A fact's label; for a 'fact=value' text, the pair in words."""
        fact, sep, value = name.partition("=")
        if sep:
            return self.pair((fact, value))
        return self.labels.get(name, name.replace("_", " "))

    def absent(self, text: str) -> str:
        """A 'fact=value' whose absence a rule relied on, in words (true/false as yes/no)."""
        name, sep, value = text.partition("=")
        if not sep:
            return self.labels.get(text, text)
        said = {"true": True, "false": False}.get(value.lower(), value)
        return self.pair((name, said))

    def step(self, s: Step) -> StepView:
        """A link of a because-chain and, recursively, the links that support it."""
        return StepView(
            rule=s.rule,
            kind=s.kind,
            title=s.title,
            because=s.because,
            grade=s.grade,
            concludes="; ".join(self.pair(p) for p in s.concludes),
            facts=tuple(self.pair(p) for p in s.facts),
            absent=tuple(self.absent(x) for x in s.absent),
            supports=tuple(self.step(x) for x in s.supports),
        )

    @staticmethod
    def citation(c: Citation) -> CitationView:
        return CitationView(c.claim, c.source, c.citation, c.location, c.grade, c.status)

    def mitigation(self, m: Mitigation) -> MitigationView:
        return MitigationView(m.id, m.title, m.lowers, m.because, tuple(map(self.pair, m.facts)))

    def risk(self, r: Risk) -> RiskView:
        return RiskView(
            id=r.id,
            title=r.title,
            severity=r.severity,
            severity_label=r.severity.capitalize(),
            likelihood=r.likelihood,
            likelihood_label=r.likelihood.capitalize(),
            scope=r.scope,
            why=sentence(r.why),
            mitigations=tuple(self.mitigation(m) for m in r.mitigations),
            because=r.because,
            grade=r.grade,
            chain_grade=r.chain_grade,
            chain=self.step(r.chain),
            reads=tuple(self.pair(p) for p in r.chain.facts),
            absent=tuple(self.absent(x) for x in r.chain.absent),
            rests_on=(),  # numbered by build_context's register, in brief order
            evidence=tuple(self.citation(c) for c in r.evidence),
            facts=tuple(self.pair(p) for p in r.facts),
        )

    @staticmethod
    def set_aside(r: Risk) -> SetAsideView:
        """A risk considered but not raised, with the reason in words."""
        return SetAsideView(
            r.id, r.title, (r.base_severity or r.severity).capitalize(), sentence(r.why)
        )

    def favour(self, f: Favour) -> FavourView:
        return FavourView(f.kind, f.title, f.detail, tuple(map(self.pair, f.facts)))

    def tension(self, t: Tension) -> TensionView:
        """A tension with every side in words; a collision's sides are 'Mechanism: state'."""
        return TensionView(
            label=t.label,
            kind=t.kind,
            kind_label=TENSION_KINDS.get(t.kind, t.kind),
            decided=sentence(t.decided),
            sides=tuple(
                TensionSideView(
                    self.label(s.state) if "=" in s.state else show(s.state),
                    s.meaning,
                    tuple(f"{c.rule} {c.title}" for c in s.chains),
                    f"{s.support:.2f}",
                )
                for s in t.sides
            ),
        )

    def advice(self, adv: Advice) -> AdviceView:
        """A recommendation or check, listing only the targets this assessment found."""
        return AdviceView(
            id=adv.id,
            title=adv.title,
            advice=adv.advice,
            because=adv.because,
            stages=tuple(s.capitalize() for s in adv.stages),
            addresses=tuple(
                TargetView(t.id, self.label(t.id) if "=" in t.id else t.title.rstrip("."), True)
                for t in adv.addresses
                if t.present
            ),
            grade=adv.grade,
            evidence=tuple(self.citation(c) for c in adv.evidence),
        )


def sentence(text: str) -> str:
    """Text as a sentence: first letter capitalised, ending in a full stop ('' stays '')."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
