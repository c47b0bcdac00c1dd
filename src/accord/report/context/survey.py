"""The brief's survey section: maturity scores, levels, the radar chart and disagreements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.engine.assessment import Assessment
from accord.report.context.fields import doc, show
from accord.report.context.radar import Radar, radar

if TYPE_CHECKING:
    from accord.survey.scoring import SurveyResult


@dataclass(frozen=True)
class SurveyRow:
    """One dimension's scores: overall and per organisation."""

    label: str = doc("The dimension's label.")
    family: str = doc("The performance family it belongs to.")
    overall: str = doc("The overall score (2 decimals) or 'insufficient'.")
    by_organisation: tuple[str, ...] = doc(
        "Each organisation's score, in the order of `organisations`."
    )


@dataclass(frozen=True)
class SurveyOrg:
    """One organisation's maturity."""

    name: str = doc("The organisation.")
    respondents: int = doc("How many of its staff answered.")
    score: str = doc("Its overall maturity score, or 'insufficient'.")
    level: str = doc("Its maturity level, e.g. '3 Developing', or 'none'.")


@dataclass(frozen=True)
class SurveyView:
    """The readiness survey and maturity index, when answers were given."""

    instrument: str = doc("The instrument's id and version.")
    provenance: str = doc("What the instrument is (Accord's own, not the published survey).")
    score: str = doc("The overall maturity score (mean of the family scores).")
    level: str = doc("The overall maturity level, e.g. '3 Developing', or 'none'.")
    level_description: str = doc("What that level looks like.")
    levels: tuple[str, ...] = doc("Every level with its minimum score, lowest first.")
    families: tuple[tuple[str, str], ...] = doc(
        "(family label, score) for each performance family."
    )
    organisations: tuple[SurveyOrg, ...] = doc("Scores per organisation.")
    rows: tuple[SurveyRow, ...] = doc("Per-dimension scores.")
    radar: Radar = doc("The radar chart of the dimension scores, one outline per organisation.")
    disagreements: tuple[str, ...] = doc("Each disagreement between organisations, in a sentence.")
    facts_added: tuple[str, ...] = doc("Facts the survey filled in, 'label: value'.")
    conflicts: tuple[str, ...] = doc(
        "Where the survey disagrees with the proposal's own facts (the proposal wins)."
    )
    scoring_rule: str = doc("How scores and levels are computed, in words.")


def _sc(x: float | None) -> str:
    return "insufficient" if x is None else f"{x:.2f}"


def _radar(r: SurveyResult) -> Radar:
    """The radar of the dimension scores, one outline per organisation."""
    return radar(
        [d.label for d in r.overall.dimensions],
        [(org.name, [d.score for d in org.dimensions]) for org in r.organisations],
    )


def _tables(r: SurveyResult) -> tuple[tuple[SurveyOrg, ...], tuple[SurveyRow, ...]]:
    """Scores per organisation, and per dimension (overall and by organisation)."""
    orgs = tuple(
        SurveyOrg(
            p.name,
            p.respondents,
            _sc(p.overall),
            f"{p.level} {p.level_name}" if p.level else "none",
        )
        for p in r.organisations
    )
    rows = tuple(
        SurveyRow(
            d.label,
            d.family.replace("_", " "),
            _sc(d.score),
            tuple(_sc(p.dimensions[i].score) for p in r.organisations),
        )
        for i, d in enumerate(r.overall.dimensions)
    )
    return orgs, rows


def survey_view(a: Assessment) -> SurveyView | None:
    """The survey section's context: scores, levels, radar geometry, disagreements."""
    if a.survey is None:
        return None
    r = a.survey.result
    ov = r.overall
    level = next((lv for lv in r.levels if lv.level == ov.level), None)
    labels = {d.dimension: d.label for d in ov.dimensions}
    orgs, rows = _tables(r)
    return SurveyView(
        instrument=f"{r.instrument} {r.version}",
        provenance=r.provenance,
        score=_sc(ov.overall),
        level=f"{ov.level} {ov.level_name}" if ov.level else "none",
        level_description=level.description
        if level
        else "Too few answers to place the partnership on a level.",
        levels=tuple(f"{lv.level} {lv.name} (from {lv.min:.2f})" for lv in r.levels),
        families=tuple((f.label, _sc(f.score)) for f in ov.families),
        organisations=orgs,
        rows=rows,
        radar=_radar(r),
        disagreements=tuple(
            f"{labels.get(d.dimension, d.label)}: {d.highest[0]} {d.highest[1]:.2f} against {d.lowest[0]} {d.lowest[1]:.2f}. {d.warning}"
            for d in r.disagreements
        ),
        facts_added=tuple(
            f"{fact.replace('_', ' ')}: {show(v)}" for fact, v in a.survey.facts_added
        ),
        conflicts=tuple(
            f"The proposal says {fact.replace('_', ' ')} is {stated}; the survey suggests {surveyed}. The proposal's value is used."
            for fact, stated, surveyed in a.survey.conflicts
        ),
        scoring_rule=r.scoring_rule,
    )
