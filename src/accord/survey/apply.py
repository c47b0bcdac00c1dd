"""Using a scored survey in an assessment: the facts its scores imply, added to a proposal.

The proposal's own facts always win; where the survey implies a different value the conflict is
recorded, and the assessment reports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from accord.inputs.proposal import FactValue, Proposal
from accord.kb.model import KnowledgeBase
from accord.survey.answers import load_responses
from accord.survey.instrument import Instrument, load_survey
from accord.survey.scoring import SurveyResult, score


@dataclass(frozen=True)
class SurveyUse:
    """What the survey contributed to an assessment: scores, facts added, conflicts."""

    result: SurveyResult
    facts_added: tuple[tuple[str, FactValue], ...]
    conflicts: tuple[tuple[str, str, str], ...]  # (fact, the proposal's value, the survey's value)


def survey_facts(inst: Instrument, result: SurveyResult) -> dict[str, FactValue]:
    """The proposal facts the overall scores imply (dimensions with too few answers set nothing)."""
    facts: dict[str, FactValue] = {}
    for dname, dim in inst.dimensions.items():
        value = result.overall.score(dname)
        if value is None:
            continue
        for setting in dim.sets:
            v = setting.value_for(value)
            if v is not None:
                facts[setting.fact] = v
    if len(result.organisations) > 1:
        facts["trust_views_diverge"] = any(d.dimension == "trust" for d in result.disagreements)
    return facts


def apply_survey(
    proposal: Proposal, inst: Instrument, result: SurveyResult
) -> tuple[Proposal, SurveyUse]:
    """Fill the proposal's unknown facts from the survey; the proposal's own facts win.

    Returns a new proposal (facts added, `from_survey` naming them, a new input hash that
    covers the respondents and the facts added) and what the survey contributed.
    """
    given = proposal.fact_map()
    added: dict[str, FactValue] = {}
    conflicts = []
    for fact, value in sorted(survey_facts(inst, result).items()):
        if fact not in given:
            added[fact] = value
        elif given[fact] != value:
            conflicts.append((fact, _show(given[fact]), _show(value)))
    facts = dict(proposal.facts)
    facts.update(added)
    digest = hashlib.sha256(
        (proposal.input_hash + repr(result.respondents) + repr(sorted(added.items()))).encode()
    ).hexdigest()
    new = replace(
        proposal,
        facts=tuple(sorted(facts.items())),
        from_survey=tuple(sorted(added)),
        input_hash=digest,
    )
    return new, SurveyUse(result, tuple(sorted(added.items())), tuple(conflicts))


def _show(value: FactValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def with_survey(
    proposal: Proposal, kb: KnowledgeBase, answers: Sequence[str | Path] | None
) -> tuple[Proposal, SurveyUse | None]:
    """Score the answers files (if any) and fill the proposal's unknown facts from them.

    answers are paths of answers files or folders of them; the instrument is the survey.yaml
    beside kb. Raises InputFileError for bad answers, KnowledgeBaseError for a bad instrument.
    """
    if not answers:
        return proposal, None
    inst = load_survey(kb)
    return apply_survey(proposal, inst, score(inst, load_responses(answers, inst)))
