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
class ReasonRef:
    """A reference to one entry of the reasoning register."""

    id: str = doc("The entry's number, 'R1', 'R2'...; also its anchor in HTML.")
    concludes: str = doc("What the entry concludes, in words ('Conflict: high').")


@dataclass(frozen=True)
class MitigationView:
    """A protective fact the proposal states, credited against a risk."""

    id: str = doc("The mitigation rule id (for example 'MIT-05').")
    title: str = doc("The mitigation, in a few words.")
    lowers: str = doc("What it lowers, in words: 'likelihood' or 'severity'.")
    because: str = doc("Why it protects, in plain English.")
    facts: tuple[str, ...] = doc("The stated facts it read, 'Label: value'.")


@dataclass(frozen=True)
class RiskView:
    """A risk the proposal raises, with its chain of reasoning and evidence."""

    id: str = doc("The risk rule id (for example 'RISK-01').")
    title: str = doc("The risk, in a few words.")
    severity: str = doc("'high', 'medium' or 'low' (after mitigations).")
    severity_label: str = doc("The severity as a word for readers ('High').")
    likelihood: str = doc("'likely' or 'possible' (after mitigations).")
    likelihood_label: str = doc("The likelihood as a word for readers ('Likely').")
    scope: str = doc(
        "'proposal', or 'form' when it holds for every proposal of this form (context only)."
    )
    why: str = doc("Why it is as likely (and as severe) as it is, in words.")
    mitigations: tuple[MitigationView, ...] = doc("The mitigations credited against it.")
    because: str = doc("Why the risk arises, in plain English.")
    grade: str = doc("The risk rule's own evidence grade.")
    chain_grade: str = doc("The grade of its strongest chain (its weakest link).")
    chain: StepView = doc("The because-chain, from the risk back to the proposal's facts.")
    reads: tuple[str, ...] = doc("Proposal facts the risk rule itself read, 'Label: value'.")
    absent: tuple[str, ...] = doc("Conclusions whose absence the risk rule relied on, in words.")
    rests_on: tuple[ReasonRef, ...] = doc(
        "The reasoning-register entries its chain rests on (each drawn once, in `reasoning`)."
    )
    evidence: tuple[CitationView, ...] = doc("The claims the risk rule cites.")
    facts: tuple[str, ...] = doc("Every proposal fact at the root of the chain, 'Label: value'.")


@dataclass(frozen=True)
class SetAsideView:
    """A risk considered but not raised: mitigated below 'possible', or too weakly argued."""

    id: str = doc("The risk rule id.")
    title: str = doc("The risk, in a few words.")
    severity_label: str = doc("Its severity as a word ('Medium').")
    reason: str = doc("Why it was set aside, in words.")


@dataclass(frozen=True)
class FavourView:
    """Something in the proposal's favour: a credited mitigation or a favourable mechanism."""

    kind: str = doc("'mitigation' or 'mechanism'.")
    title: str = doc("What is in its favour, in a few words.")
    detail: str = doc("Why it helps (and which risks it was credited against), in words.")
    facts: tuple[str, ...] = doc("The stated facts behind it, 'Label: value'.")


@dataclass(frozen=True)
class TargetView:
    """A risk or mechanism state a recommendation addresses."""

    id: str = doc("A risk id, or 'mechanism=state'.")
    title: str = doc("The risk's title, or the mechanism state in words ('Conflict: high').")
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

    state: str = doc("The state this side concluded, in words ('Faith: low' in a collision).")
    meaning: str = doc("What it means.")
    rules: tuple[str, ...] = doc("The rules at the head of its chains, 'ID title'.")
    support: str = doc("Its accrued support under the weighing standard (2 decimals).")


@dataclass(frozen=True)
class TensionView:
    """Arguments that disagree, and how the weighing standard decided between them."""

    label: str = doc("The mechanism in contention, or the two mechanisms that collide.")
    kind: str = doc("'contested', 'outweighed', 'collision' or 'placement'.")
    kind_label: str = doc("The kind in words ('too close to call', 'one side outweighed'...).")
    decided: str = doc("How it was decided, or what the collision means, in words.")
    sides: tuple[TensionSideView, ...] = doc("Each state reached, with its chains.")


@dataclass(frozen=True)
class MissingView:
    """An unknown fact whose answer would change the advice."""

    label: str = doc("The fact, in words.")
    fact: str = doc("The fact's name, as a proposal states it.")
    question: str = doc("The question to ask.")
    changes: int = doc("How many conclusions would change for the most telling answer.")
    if_value: str = doc("That answer.")
    would_change: tuple[str, ...] = doc("The conclusions it would change, as ids (code only).")
    sentence: str = doc("What would change, in words.")
    decides: bool = doc(
        "True when the standard needs it for a call on this form and an answer to it changes "
        "the call."
    )


@dataclass(frozen=True)
class ReasonRule:
    """One rule that reached an entry's conclusion, and the entries it rests on in turn."""

    rule: str = doc("The rule id (code only).")
    title: str = doc("The rule's title.")
    because: str = doc("The rule's plain-English reason.")
    grade: str = doc("The rule's evidence grade.")
    facts: tuple[str, ...] = doc("Proposal facts the rule read, as 'Label: value'.")
    absent: tuple[str, ...] = doc("Conclusions whose absence the rule relied on, in words.")
    rests_on: tuple[ReasonRef, ...] = doc("The register entries that derived what it read.")
    risk: str = doc(
        "For a raised risk read by a later rule, its id: the risk and its reason are drawn "
        "under Risks, not again here; '' otherwise."
    )


@dataclass(frozen=True)
class ReasonView:
    """One entry of the reasoning register: a derived conclusion and the rules that reached it."""

    id: str = doc("The entry's number, 'R1', 'R2'..., in the order a reader first meets it.")
    concludes: str = doc("What it concludes, in words ('Conflict: high').")
    rules: tuple[ReasonRule, ...] = doc("The rules that reached it (any one suffices).")
    derived: bool = doc("True when a rule here is graded 'derived' (Accord's own reasoning).")


@dataclass(frozen=True)
class SourceView:
    """A source cited by the brief's evidence, listed once with its full citation."""

    id: str = doc("The source id (for example 'SR21'); also its anchor in HTML.")
    citation: str = doc("The source's full citation.")


@dataclass(frozen=True)
class FindingRef:
    """A finding of this brief that rests on derived reasoning (grade 'derived')."""

    kind: str = doc("'risk', 'recommendation' or 'reasoning'.")
    id: str = doc("Its id: a risk or recommendation id, or a register number ('R3').")
    title: str = doc("The finding in words.")


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
    one_sentence: str = doc("The proposal in one sentence: who does what, from the form's grammar.")
    partners: tuple[PartnerView, ...] = doc("The partners named in the proposal.")
    date: str = doc("The brief's date, YYYY-MM-DD (SOURCE_DATE_EPOCH, --date, or today).")
    summary_only: bool = doc(
        "True for the board summary alone (`accord brief --summary-only`): no annex."
    )
    overall_level: str = doc(
        "The overall call: 'high concern', 'some concern', 'low concern' or "
        "'insufficient information'."
    )
    overall_label: str = doc("The overall call as a heading ('High concern').")
    overall_style: str = doc(
        "The call as a CSS class name ('high-concern', 'insufficient-information')."
    )
    overall_summary: str = doc("The overall call in one sentence.")
    overall_reasons: tuple[str, ...] = doc("What makes the call: the risks (or gaps), in words.")
    deciding_unknown: tuple[str, ...] = doc(
        "The facts the standard needs for a call on this form and are not stated, as labels."
    )
    in_favour: tuple[FavourView, ...] = doc(
        "What is in the proposal's favour: credited mitigations first, then mechanisms."
    )
    risk_counts: tuple[tuple[str, int], ...] = doc("(severity word, count), highest first.")
    typology: tuple[PlacementView, ...] = doc("Typology placement, one row per dimension.")
    top_risks: tuple[RiskView, ...] = doc(
        "The most severe risks of this proposal (form-wide ones excluded), at most five."
    )
    top_missing: tuple[MissingView, ...] = doc(
        "What would change the advice most, deciding facts first, at most three."
    )
    top_recommendations: tuple[AdviceView, ...] = doc(
        "The three recommendations that matter most, ranked by the severity, then the "
        "likelihood, of the gravest raised risk each addresses, then how many raised risks it "
        "addresses, then how soon it applies from the proposal's life-cycle stage."
    )
    scope: str = doc("The evidence's scope in a sentence: the knowledge base's first stated limit.")
    chain_grades: tuple[tuple[str, int], ...] = doc(
        "(grade, how many risks that make the call have their strongest chain at that grade), "
        "strongest grade first."
    )
    mechanisms: tuple[MechanismView, ...] = doc("The mechanism profile.")
    chart: Chart = doc("The mechanism chart's geometry.")
    risks: tuple[RiskView, ...] = doc(
        "Every risk of this proposal (the ones that make the call), most severe first."
    )
    form_risks: tuple[RiskView, ...] = doc(
        "Risks that hold for every proposal of this form: context, never part of the call."
    )
    set_aside: tuple[SetAsideView, ...] = doc("Risks considered but set aside, with the reason.")
    drawn_at: dict[str, str] = doc(
        "Rule id -> the register entry that draws it in full ('R3'), for every rule the "
        "reasoning register holds; the mechanism table cites these instead of repeating them."
    )
    reasoning: tuple[ReasonView, ...] = doc(
        "The reasoning register: every derived conclusion the risks' chains rest on, drawn "
        "once, R1 first (risks, then form-wide risks, in brief order, depth first)."
    )
    recommendations: tuple[StageGroup, ...] = doc("Recommendations by life-cycle stage.")
    checks: tuple[AdviceView, ...] = doc("Life-cycle checks for the proposal's stage.")
    tensions: tuple[TensionView, ...] = doc(
        "Arguments that disagree, within a mechanism or between two, and how each was decided."
    )
    missing: tuple[MissingView, ...] = doc(
        "Unknown facts that would change the advice, deciding facts first, then by impact: "
        "the facts that decide the call and the five others that would change most, drawn "
        "in full in the annex."
    )
    missing_others: tuple[MissingView, ...] = doc(
        "The remaining unknown facts that would change the advice, less than those in "
        "`missing`; the annex names them (the JSON output gives each one's effect)."
    )
    unknown_without_effect: int = doc("How many unknown facts would change nothing.")
    limits: tuple[str, ...] = doc("The knowledge base's stated limits.")
    grades: tuple[GradeView, ...] = doc(
        "The grading scheme, strongest first, as the knowledge base explains it."
    )
    grade_rule: str = doc("How grades combine along a chain, in words ('' when not stated).")
    derived_findings: tuple[FindingRef, ...] = doc(
        "The risks, recommendations and register entries of this brief that rest on derived "
        "reasoning: a risk whose strongest chain is graded 'derived', a recommendation graded "
        "'derived', an entry reached by a rule graded 'derived'."
    )
    sources: tuple[SourceView, ...] = doc(
        "Every source the risks' evidence cites, once, in order of first citation."
    )
    library_score: str = doc(
        "The knowledge base's score on its real-case library, in words ('warns about N of M "
        "documented causes in its case library'); '' when the caller gave none."
    )
    provenance: ProvenanceView = doc("Knowledge base, engine and input that produced the brief.")
    attribution: Attribution | None = doc(
        "The credit the sources' licence requires, from the knowledge base; None when it gives none."
    )
    survey: SurveyView | None = doc(
        "The readiness survey's maturity index, or None without answers."
    )
