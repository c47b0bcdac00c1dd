"""What the board summary ranks and counts: the three recommendations that matter most, the
grades of the risks' chains, and the findings that rest on derived reasoning."""

from __future__ import annotations

from collections import Counter

from accord.engine.assessment import Advice, Assessment
from accord.kb.model import SEVERITIES, STAGES
from accord.report.context.records import FindingRef, ReasonView, RiskView

TOP_RECOMMENDATIONS = 3
GRADE_ORDER = ("strong", "moderate", "limited", "derived")


def current_stage(a: Assessment) -> str:
    """The proposal's life-cycle stage as placed by the typology, or '' when unknown."""
    for p in a.typology:
        if p.dimension == "lifecycle_stage" and p.values:
            return str(p.values[0])
    return ""


def recommendation_rank(a: Assessment) -> list[Advice]:
    """Every recommendation, the ones that matter most first.

    Ranked by (1) the severity of the gravest raised risk it addresses (form-wide context
    excluded), (2) that risk's likelihood, likely before possible, (3) how many raised risks
    it addresses, (4) how soon it applies: the distance in life-cycle stages from the
    proposal's stage (0 when it applies now; the earliest stage first when the stage is
    unknown), then (5) the knowledge base's order.
    """
    raised = {r.id: r for r in a.risks if r.scope != "form"}
    stage = current_stage(a)

    def gravest(adv: Advice) -> tuple[int, int]:
        keys = [
            (SEVERITIES.index(raised[t.id].severity), raised[t.id].likelihood == "likely")
            for t in adv.addresses
            if t.present and t.id in raised
        ]
        return max(keys, default=(-1, False))

    def soon(adv: Advice) -> int:
        known = [STAGES.index(s) for s in adv.stages if s in STAGES]
        if not known:
            return len(STAGES)
        if stage in STAGES:
            return min(abs(i - STAGES.index(stage)) for i in known)
        return min(known)

    def key(item: tuple[int, Advice]) -> tuple:
        index, adv = item
        severity, likely = gravest(adv)
        count = sum(1 for t in adv.addresses if t.present and t.id in raised)
        return (-severity, not likely, -count, soon(adv), index)

    return [adv for _, adv in sorted(enumerate(a.recommendations), key=key)]


def chain_grades(
    risks: tuple[RiskView, ...], grades: tuple[str, ...]
) -> tuple[tuple[str, int], ...]:
    """(grade, count) of the risks' chain grades, in the scheme's order (strongest first)."""
    order = grades or GRADE_ORDER
    counts = Counter(r.chain_grade for r in risks)
    known = [(g, counts[g]) for g in order if counts[g]]
    others = sorted((g, n) for g, n in counts.items() if g not in order)
    return tuple(known + others)


def derived_findings(
    risks: tuple[RiskView, ...], advice: list[Advice], reasoning: tuple[ReasonView, ...]
) -> tuple[FindingRef, ...]:
    """The brief's findings that rest on derived reasoning: risks whose strongest chain is
    graded 'derived', recommendations graded 'derived', register entries reached by a rule
    graded 'derived'."""
    out = [FindingRef("risk", r.id, r.title) for r in risks if r.chain_grade == "derived"]
    out += [FindingRef("recommendation", a.id, a.title) for a in advice if a.grade == "derived"]
    out += [FindingRef("reasoning", e.id, e.concludes) for e in reasoning if e.derived]
    return tuple(out)
