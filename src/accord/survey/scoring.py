"""Scoring the readiness survey: respondent, organisation and overall profiles, and where
partner organisations disagree.

The rule in words is SCORING_RULE; the instrument (items, dimensions, families, levels,
threshold) comes from survey.yaml through accord.survey.instrument.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from accord.errors import ProposalError
from accord.survey.answers import Response
from accord.survey.instrument import Instrument, Item, Level

SCORING_RULE = (
    "Each answer scores 1-5 (negatively worded items are reversed: 6 minus the answer); "
    "'don't know' and missing answers are left out. A respondent's dimension score is the mean "
    "of their answered items, reported only with at least {minimum} answered items. An "
    "organisation's dimension score is the mean of its respondents' scores; the overall score is "
    "the mean of the organisations' scores, so each organisation counts equally. A family score "
    "is the mean of its dimension scores; the overall maturity score is the mean of the family "
    "scores, and its level is the highest level whose minimum it reaches. Organisations whose "
    "scores on a dimension are {threshold} points or more apart are flagged as disagreeing."
)
TRUST_WARNING = (
    "Partners see trust differently; one-sided trust is fragile and the gap is itself a "
    "warning sign."
)
DIFFER_WARNING = "Partners' views on {label} differ markedly; explore why before relying on it."


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's score (None: too few answers), answers counted, respondents scored."""

    dimension: str
    label: str
    family: str
    score: float | None
    answered: int
    respondents: int = 1


@dataclass(frozen=True)
class FamilyScore:
    """The mean of a family's dimension scores (None when none is scored)."""

    family: str
    label: str
    score: float | None


@dataclass(frozen=True)
class Profile:
    """Scores of one respondent, one organisation, or everyone."""

    name: str
    respondents: int
    dimensions: tuple[DimensionScore, ...]
    families: tuple[FamilyScore, ...]
    overall: float | None
    level: int | None
    level_name: str | None

    def score(self, dimension: str) -> float | None:
        """The score of one dimension; None when unscored or unknown."""
        return next((d.score for d in self.dimensions if d.dimension == dimension), None)


@dataclass(frozen=True)
class Disagreement:
    """Organisations whose scores on a dimension differ by the threshold or more."""

    dimension: str
    label: str
    spread: float
    highest: tuple[str, float]
    lowest: tuple[str, float]
    warning: str


@dataclass(frozen=True)
class SurveyResult:
    """Everything scoring concluded, with the rule and instrument it used."""

    instrument: str
    version: str
    provenance: str
    scoring_rule: str
    threshold: float
    levels: tuple[Level, ...]
    respondents: tuple[tuple[str, str, str], ...]  # (source, organisation, role)
    organisations: tuple[Profile, ...]
    overall: Profile
    disagreements: tuple[Disagreement, ...]


def _round(x: float) -> float:
    return round(x + 1e-12, 2)


def item_score(item: Item, answer: int | str | None) -> int | None:
    """An answer's score (reversed for reverse items); None for don't know or no answer."""
    if not isinstance(answer, int):
        return None
    return 6 - answer if item.reverse else answer


def respondent_scores(inst: Instrument, resp: Response) -> dict[str, tuple[float | None, int]]:
    """Per dimension: (mean score, or None below minimum_answers; number of items scored)."""
    out = {}
    for name in inst.dimensions:
        scores = [
            s
            for it in inst.items
            if it.dimension == name
            if (s := item_score(it, resp.answer(it.id))) is not None
        ]
        out[name] = (
            statistics.fmean(scores) if len(scores) >= inst.minimum_answers else None,
            len(scores),
        )
    return out


def score(inst: Instrument, responses: list[Response]) -> SurveyResult:
    """Score every respondent, aggregate per organisation and overall, flag disagreements.

    Raises ProposalError when there are no responses.
    """
    if not responses:
        raise ProposalError("no answers to score")
    orgs = _organisation_profiles(inst, responses)
    return SurveyResult(
        instrument=inst.id,
        version=inst.version,
        provenance=inst.provenance,
        scoring_rule=SCORING_RULE.format(
            minimum=inst.minimum_answers, threshold=inst.disagreement_threshold
        ),
        threshold=inst.disagreement_threshold,
        levels=inst.levels,
        respondents=tuple((r.source, r.organisation, r.role) for r in responses),
        organisations=orgs,
        overall=_overall_profile(inst, orgs, len(responses)),
        disagreements=_disagreements(inst, orgs) if len(orgs) > 1 else (),
    )


def _organisation_profiles(inst: Instrument, responses: list[Response]) -> tuple[Profile, ...]:
    by_org: dict[str, list[Response]] = {}
    for r in responses:
        by_org.setdefault(r.organisation, []).append(r)
    orgs = []
    for org in sorted(by_org):
        per_dim: dict[str, list[float]] = {}
        answered: dict[str, int] = {}
        for resp in by_org[org]:
            for dname, (value, count) in respondent_scores(inst, resp).items():
                answered[dname] = answered.get(dname, 0) + count
                if value is not None:
                    per_dim.setdefault(dname, []).append(value)
        orgs.append(_profile(inst, org, per_dim, answered, len(by_org[org])))
    return tuple(orgs)


def _overall_profile(inst: Instrument, orgs: tuple[Profile, ...], respondents: int) -> Profile:
    per_dim: dict[str, list[float]] = {}
    answered: dict[str, int] = {}
    for prof in orgs:
        for d in prof.dimensions:
            answered[d.dimension] = answered.get(d.dimension, 0) + d.answered
            if d.score is not None:
                per_dim.setdefault(d.dimension, []).append(d.score)
    return _profile(inst, "all organisations", per_dim, answered, respondents)


def _profile(
    inst: Instrument,
    name: str,
    per_dim: dict[str, list[float]],
    answered: dict[str, int],
    respondents: int,
) -> Profile:
    dims = []
    for dname, dim in inst.dimensions.items():
        vals = per_dim.get(dname, [])
        dims.append(
            DimensionScore(
                dname,
                dim.label,
                dim.family,
                _round(statistics.fmean(vals)) if vals else None,
                answered.get(dname, 0),
                len(vals),
            )
        )
    fams = []
    for fam, label in inst.families:
        vals = [d.score for d in dims if d.family == fam and d.score is not None]
        fams.append(FamilyScore(fam, label, _round(statistics.fmean(vals)) if vals else None))
    fam_scores = [f.score for f in fams if f.score is not None]
    overall = (
        _round(statistics.fmean(fam_scores))
        if fam_scores and len(fam_scores) == len(fams)
        else None
    )
    level = inst.level_for(overall) if overall is not None else None
    return Profile(
        name,
        respondents,
        tuple(dims),
        tuple(fams),
        overall,
        level.level if level else None,
        level.name if level else None,
    )


def _disagreements(inst: Instrument, orgs: tuple[Profile, ...]) -> tuple[Disagreement, ...]:
    out = []
    for dname, dim in inst.dimensions.items():
        scored = [(p.name, s) for p in orgs if (s := p.score(dname)) is not None]
        if len(scored) < 2:
            continue
        hi = max(scored, key=lambda x: (x[1], x[0]))
        lo = min(scored, key=lambda x: (x[1], x[0]))
        spread = _round(hi[1] - lo[1])
        if spread + 1e-9 >= inst.disagreement_threshold:
            warning = (
                TRUST_WARNING
                if dname == "trust"
                else DIFFER_WARNING.format(label=dim.label.lower())
            )
            out.append(Disagreement(dname, dim.label, spread, hi, lo, warning))
    return tuple(out)
