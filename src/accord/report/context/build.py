"""Build the brief's template context from an Assessment and its knowledge base's presentation."""

from __future__ import annotations

from dataclasses import replace

from accord.engine.assessment import Assessment, Provenance
from accord.kb.model import SEVERITIES, STAGES
from accord.kb.presentation import Presentation
from accord.report.context.fields import show
from accord.report.context.mechanisms import chart, mechanism_view
from accord.report.context.reasoning import Register, sources
from accord.report.context.records import (
    AdviceView,
    Attribution,
    BriefContext,
    GradeView,
    MissingView,
    PartnerView,
    PlacementView,
    ProvenanceView,
    RiskView,
    StageGroup,
)
from accord.report.context.risks import Views
from accord.report.context.summary import (
    TOP_RECOMMENDATIONS,
    chain_grades,
    derived_findings,
    recommendation_rank,
)
from accord.report.context.survey import survey_view

TOP_RISKS = 5
TOP_MISSING = 3
ANNEX_MISSING = 5  # unknown facts drawn in full in the annex besides those deciding the call


def build_context(
    assessment: Assessment,
    date: str,
    presentation: Presentation | None = None,
    library_score: str = "",
    summary_only: bool = False,
) -> BriefContext:
    """Build the template context for one assessment, dated `date` (YYYY-MM-DD).

    presentation is the knowledge base's (`kb.presentation`): the attribution, grade meanings
    and favourable states the brief shows. None gives a brief with no attribution, no grade
    meanings and an unsigned mechanism chart. library_score is the knowledge base's score on
    its real-case library in words, computed by the caller (report may not import curate:
    `accord.render` and the CLI pass `curate.realcases.library_score(kb).text`); '' leaves it
    out. summary_only marks a context for the board summary alone (the templates leave out the
    annex). Raises nothing for a well-formed Assessment.
    """
    a, views = assessment, Views(assessment)
    pres = presentation or Presentation()
    every, register = _numbered_risks(a, views)
    risks = tuple(r for r in every if r.scope != "form")
    mechs = tuple(mechanism_view(m, pres.favourable, views.pair) for m in a.mechanisms)
    missing = _missing(a)
    ranked = recommendation_rank(a)
    return BriefContext(
        title=a.title,
        summary=a.summary,
        one_sentence=a.one_sentence,
        partners=tuple(PartnerView(n, show(s) if s else "", r or "") for n, s, r in a.partners),
        date=date,
        summary_only=summary_only,
        **_call(a, views),
        risk_counts=tuple((s.capitalize(), n) for s, n in a.overall.risks_by_severity),
        typology=_typology(a),
        top_risks=risks[:TOP_RISKS],
        top_missing=missing[:TOP_MISSING],
        top_recommendations=tuple(views.advice(adv) for adv in ranked[:TOP_RECOMMENDATIONS]),
        mechanisms=mechs,
        chart=chart(mechs),
        risks=risks,
        form_risks=tuple(r for r in every if r.scope == "form"),
        set_aside=tuple(views.set_aside(r) for r in a.set_aside),
        drawn_at=register.drawn_at(),
        reasoning=register.entries(),
        recommendations=_by_stage(a, views),
        checks=tuple(views.advice(c) for c in a.checks),
        tensions=tuple(views.tension(t) for t in a.tensions),
        **_missing_split(missing),
        unknown_without_effect=len(a.unknown_without_effect),
        **_method(a, pres, every, register),
        library_score=library_score,
        provenance=_provenance(a.provenance),
        attribution=_attribution(pres),
        survey=survey_view(a),
    )


def _numbered_risks(a: Assessment, views: Views) -> tuple[list[RiskView], Register]:
    """Every risk, most severe first (form-wide ones last), each citing the register entries
    its chain rests on; the register numbers them in that order."""
    register = Register(frozenset(r.id for r in a.risks))
    ordered = sorted(
        (views.risk(r) for r in a.risks),
        key=lambda r: (r.scope == "form", -SEVERITIES.index(r.severity), r.likelihood != "likely"),
    )
    return [replace(r, rests_on=register.refs(r.chain)) for r in ordered], register


def _method(a: Assessment, pres: Presentation, every: list[RiskView], register: Register) -> dict:
    """The limits, grades, derived findings and sources: the summary's limits, the method page."""
    risks = tuple(r for r in every if r.scope != "form")
    grades = tuple(GradeView(g, meaning) for g, meaning in pres.grades)
    return {
        "scope": a.limits[0] if a.limits else "",
        "chain_grades": chain_grades(risks, tuple(g.grade for g in grades)),
        "limits": a.limits,
        "grades": grades,
        "grade_rule": pres.grade_rule,
        "derived_findings": derived_findings(risks, list(a.recommendations), register.entries()),
        "sources": sources([c for r in every for c in r.evidence]),
    }


def _missing_split(missing: tuple[MissingView, ...]) -> dict:
    """The unknown facts the annex draws in full, and the others it names."""
    shown = _shown(missing)
    return {"missing": missing[:shown], "missing_others": missing[shown:]}


def _call(a: Assessment, views: Views) -> dict:
    """The call and what is in the proposal's favour (mitigations first)."""
    return {
        "overall_level": a.overall.level,
        "overall_label": a.overall.level.capitalize(),
        "overall_style": a.overall.level.replace(" ", "-"),
        "overall_summary": a.overall.summary,
        "overall_reasons": a.overall.reasons,
        "deciding_unknown": tuple(views.label(f) for f in a.overall.deciding_unknown),
        "in_favour": tuple(
            views.favour(f) for f in sorted(a.in_favour, key=lambda f: f.kind != "mitigation")
        ),
    }


def _typology(a: Assessment) -> tuple[PlacementView, ...]:
    return tuple(
        PlacementView(
            label=p.label,
            value=", ".join(show(v) for v in p.values) or "unknown",
            meaning="; ".join(p.meanings) or "Not stated.",
            origin=p.origin,
            reasons=tuple(r.title for r in p.reasons),
        )
        for p in a.typology
    )


def _by_stage(a: Assessment, views: Views) -> tuple[StageGroup, ...]:
    """Recommendations grouped under the earliest life-cycle stage where each applies."""
    groups: dict[str, list[AdviceView]] = {}
    for adv in a.recommendations:
        first = min(adv.stages, key=STAGES.index) if adv.stages else "any"
        groups.setdefault(first, []).append(views.advice(adv))
    return tuple(
        StageGroup(s, "Any stage" if s == "any" else s.capitalize(), tuple(groups[s]))
        for s in [*STAGES, "any"]
        if s in groups
    )


def _shown(missing: tuple[MissingView, ...]) -> int:
    """How many unknown facts the annex draws in full: those deciding the call, and five."""
    return sum(1 for m in missing if m.decides) + ANNEX_MISSING


def _missing(a: Assessment) -> tuple[MissingView, ...]:
    """What would change the advice: the facts that decide the call first, then by impact."""
    ordered = sorted(enumerate(a.missing), key=lambda im: (not im[1].decides, im[0]))
    return tuple(
        MissingView(
            m.label,
            m.fact,
            m.question,
            m.changes,
            show(m.if_value),
            m.would_change,
            m.sentence,
            m.decides,
        )
        for _, m in ordered
    )


def _provenance(pv: Provenance) -> ProvenanceView:
    return ProvenanceView(
        pv.accord_version,
        pv.kb_name,
        pv.kb_version,
        pv.kb_hash,
        pv.engine,
        pv.engine_version,
        pv.input,
        pv.input_hash,
    )


def _attribution(pres: Presentation) -> Attribution | None:
    at = pres.attribution
    if at is None:
        return None
    return Attribution(
        at.primary, at.primary_url, at.companions, at.licence, at.licence_url, at.statement
    )
