"""The brief context's records for the proposal, its risks and advice, and the method section.

Templates see only these fields (StrictUndefined makes any other name an error); each field's
documentation string feeds the template reference (`context_reference()`).
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.report.context.fields import doc
from accord.report.context.mechanisms import Chart, MechanismView
from accord.report.context.survey import SurveyView


@dataclass(frozen=True)
class Attribution:
    """The credit the sources' licence requires, as the knowledge base states it (presentation.yaml)."""

    primary: str = doc("Full citation of the main work the knowledge base distils.")
    primary_url: str = doc("Link to the main work.")
    companions: tuple[str, ...] = doc("Citations of its companion works.")
    licence: str = doc("Name of the licence the sources are published under.")
    licence_url: str = doc("Link to the licence text.")
    statement: str = doc("How the knowledge base uses the sources (paraphrased, not endorsed).")


@dataclass(frozen=True)
class PartnerView:
    """One partner named in the proposal."""

    name: str = doc("The partner's name, as the proposal gives it.")
    sector: str = doc("Its sector, or an empty string when not given.")
    role: str = doc("Its role in the collaboration, or an empty string when not given.")


@dataclass(frozen=True)
class PlacementView:
    """Where the proposal sits on one dimension of the typology."""

    label: str = doc("The dimension, in words (for example 'Form of collaboration').")
    value: str = doc("The value or values placed, comma-separated; 'unknown' when none.")
    meaning: str = doc("What the value means, in plain English.")
    origin: str = doc("'stated', 'from partner list', 'derived' or 'unknown'.")
    reasons: tuple[str, ...] = doc("For derived placements, the rule titles that placed it.")


@dataclass(frozen=True)
class CitationView:
    """A claim from the evidence register that a conclusion rests on."""

    claim: str = doc("The claim id in the evidence register (for example 'SR-17').")
    source: str = doc("The source id (for example 'SR21').")
    citation: str = doc("The source's full citation.")
    location: str = doc("Where in the source the claim is found.")
    grade: str = doc("The claim's evidence grade.")
    status: str = doc("The claim's status in the synthesis (proposed, affirmed, refined...).")


@dataclass(frozen=True)
class StepView:
    """One link of a because-chain: a rule that fired on facts and what it concluded."""

    rule: str = doc("The rule id.")
    kind: str = doc("The rule kind: typology, mechanism, outcome, risk...")
    title: str = doc("The rule's title.")
    because: str = doc("The rule's plain-English reason.")
    grade: str = doc("The rule's evidence grade.")
    concludes: str = doc("What the rule concluded, in words ('Trust: low').")
    facts: tuple[str, ...] = doc("Proposal facts the rule read, as 'Label: value'.")
    absent: tuple[str, ...] = doc("Conclusions whose absence the rule relied on, in words.")
    supports: tuple[StepView, ...] = doc("The earlier links that derived what this one read.")


@dataclass(frozen=True)
class RiskView:
    """A risk the proposal raises, with its chain of reasoning and evidence."""

    id: str = doc("The risk rule id (for example 'RISK-01').")
    title: str = doc("The risk, in a few words.")
    severity: str = doc("'high', 'medium' or 'low'.")
    severity_label: str = doc("The severity as a word for readers ('High').")
    because: str = doc("Why the risk arises, in plain English.")
    grade: str = doc("The risk rule's own evidence grade.")
    chain_grade: str = doc("The grade of its strongest chain (its weakest link).")
    chain: StepView = doc("The because-chain, from the risk back to the proposal's facts.")
    evidence: tuple[CitationView, ...] = doc("The claims the risk rule cites.")
    facts: tuple[str, ...] = doc("Every proposal fact at the root of the chain, 'Label: value'.")


@dataclass(frozen=True)
class TargetView:
    """A risk or mechanism state a recommendation addresses."""

    id: str = doc("A risk id, or 'mechanism=state'.")
    title: str = doc("The risk's title or the mechanism state in words.")
    present: bool = doc("True when this assessment raised the risk or found that state.")


@dataclass(frozen=True)
class AdviceView:
    """A recommendation or a life-cycle check."""

    id: str = doc("The rule id (for example 'REC-03').")
    title: str = doc("The recommendation, in a few words.")
    advice: str = doc("What to do.")
    because: str = doc("Why, in plain English.")
    stages: tuple[str, ...] = doc("Life-cycle stages where it applies, as words.")
    addresses: tuple[TargetView, ...] = doc("Risks and mechanism states found that it addresses.")
    grade: str = doc("Its evidence grade.")
    evidence: tuple[CitationView, ...] = doc("The claims it cites.")


@dataclass(frozen=True)
class StageGroup:
    """Recommendations grouped under the earliest life-cycle stage where they apply."""

    stage: str = doc("The stage name (for example 'planning').")
    label: str = doc("The stage as a heading ('Planning').")
    items: tuple[AdviceView, ...] = doc("The recommendations that start at this stage.")


@dataclass(frozen=True)
class TensionSideView:
    """One side of a tension: a state, and the chains that reached it."""

    state: str = doc("The state this side concluded.")
    meaning: str = doc("What it means.")
    rules: tuple[str, ...] = doc("The rules at the head of its chains, 'ID title'.")


@dataclass(frozen=True)
class TensionView:
    """Contradictory conclusions about one mechanism, both kept."""

    label: str = doc("The mechanism or fact in contention.")
    sides: tuple[TensionSideView, ...] = doc("Each state reached, with its chains.")


@dataclass(frozen=True)
class MissingView:
    """An unknown fact whose answer would change the advice."""

    label: str = doc("The fact, in words.")
    fact: str = doc("The fact's name, as a proposal states it.")
    question: str = doc("The question to ask.")
    changes: int = doc("How many conclusions would change for the most telling answer.")
    if_value: str = doc("That answer.")
    would_change: tuple[str, ...] = doc("The conclusions it would change.")


@dataclass(frozen=True)
class GradeView:
    """One grade of the evidence scheme."""

    grade: str = doc("The grade's name.")
    meaning: str = doc("What it means, in words.")


@dataclass(frozen=True)
class ProvenanceView:
    """What produced this brief."""

    accord_version: str = doc("Accord's version.")
    kb_name: str = doc("The knowledge base's name.")
    kb_version: str = doc("The knowledge base's version.")
    kb_hash: str = doc("The knowledge base's content hash (full).")
    engine: str = doc("The inference engine that ran.")
    engine_version: str = doc("Its version.")
    input: str = doc("The proposal file's name.")
    input_hash: str = doc("The proposal's content hash (full).")


@dataclass(frozen=True)
class BriefContext:
    """Everything a brief template sees, in the order the brief presents it."""

    title: str = doc("The proposal's title.")
    summary: str = doc("The proposal's own summary, or an empty string.")
    one_sentence: str = doc("The proposal in one sentence, built from its typology.")
    partners: tuple[PartnerView, ...] = doc("The partners named in the proposal.")
    date: str = doc("The brief's date, YYYY-MM-DD (SOURCE_DATE_EPOCH, --date, or today).")
    overall_level: str = doc("The overall call: 'high concern', 'some concern' or 'low concern'.")
    overall_label: str = doc("The overall call as a heading ('High concern').")
    overall_summary: str = doc("The overall call in one sentence.")
    risk_counts: tuple[tuple[str, int], ...] = doc("(severity word, count), highest first.")
    typology: tuple[PlacementView, ...] = doc("Typology placement, one row per dimension.")
    top_risks: tuple[RiskView, ...] = doc("The most severe risks, at most five.")
    top_recommendations: tuple[AdviceView, ...] = doc(
        "The recommendations addressing the most severe risks, at most three."
    )
    mechanisms: tuple[MechanismView, ...] = doc("The mechanism profile.")
    chart: Chart = doc("The mechanism chart's geometry.")
    risks: tuple[RiskView, ...] = doc("Every risk, most severe first.")
    recommendations: tuple[StageGroup, ...] = doc("Recommendations by life-cycle stage.")
    checks: tuple[AdviceView, ...] = doc("Life-cycle checks for the proposal's stage.")
    tensions: tuple[TensionView, ...] = doc("Contradictory conclusions, both kept.")
    missing: tuple[MissingView, ...] = doc("Unknown facts that would change the advice.")
    unknown_without_effect: int = doc("How many unknown facts would change nothing.")
    limits: tuple[str, ...] = doc("The knowledge base's stated limits.")
    grades: tuple[GradeView, ...] = doc(
        "The grading scheme, strongest first, as the knowledge base explains it."
    )
    grade_rule: str = doc("How grades combine along a chain, in words ('' when not stated).")
    provenance: ProvenanceView = doc("Knowledge base, engine and input that produced the brief.")
    attribution: Attribution | None = doc(
        "The credit the sources' licence requires, from the knowledge base; None when it gives none."
    )
    survey: SurveyView | None = doc(
        "The readiness survey's maturity index, or None without answers."
    )
