"""The Assessment: everything an evaluation concluded and why, as frozen records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.kb.model import Scalar

if TYPE_CHECKING:
    from accord.survey.apply import SurveyUse

Pair = tuple[str, Scalar]


@dataclass(frozen=True)
class FactView:
    """A fact as a reader sees it: its name and value, with their plain-English meaning."""

    fact: str
    label: str
    value: Scalar | tuple[str, ...] | None
    meaning: str
    origin: str  # "stated", "from partner list", "derived" or "unknown"


@dataclass(frozen=True)
class Citation:
    claim: str
    source: str
    citation: str
    location: str
    grade: str
    status: str


@dataclass(frozen=True)
class Step:
    """One link of a because-chain: a rule that fired, on facts, concluding something."""

    rule: str
    kind: str
    title: str
    because: str
    grade: str
    concludes: tuple[Pair, ...]
    facts: tuple[Pair, ...]  # proposal facts this rule read directly
    absent: tuple[str, ...]  # facts whose absence it relied on
    supports: tuple[Step, ...]  # the steps that derived the derived facts it read


@dataclass(frozen=True)
class Reason:
    rule: str
    title: str
    because: str
    grade: str
    facts: tuple[Pair, ...]


@dataclass(frozen=True)
class Placement:
    dimension: str
    label: str
    values: tuple[str, ...]
    meanings: tuple[str, ...]
    origin: str  # "stated", "from partner list", "derived", "unknown"
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Factor:
    """Something that pushes a mechanism or outcome towards one state."""

    state: str
    rule: str
    title: str
    because: str
    grade: str
    facts: tuple[Pair, ...]
    weight: float = 0.0  # the argument's weight under the weighing standard (0 to 1)
    counted: bool = True  # False when it re-uses evidence another argument already counts


@dataclass(frozen=True)
class MechanismState:
    name: str
    kind: str  # mechanism or outcome
    label: str
    description: str
    family: str | None
    state: str  # a drawn state, or "contested", "not established", "withheld", "no signal"
    meaning: str
    factors: tuple[Factor, ...]
    standard: str = "no signal"  # clear | leaning | weak | contested | withheld | no signal
    strength: float = 0.0  # of the drawn state (0 to 1); the margin over the next state
    support: tuple[tuple[str, float], ...] = ()  # accrued support per state, strongest first
    leaning_to: str | None = None  # the state a weak or contested weighing leans to
    withheld_by: tuple[str, ...] = ()  # contested or weak facts that kept its rules from firing


@dataclass(frozen=True)
class Risk:
    id: str
    title: str
    severity: str
    because: str
    grade: str  # the rule's own grade
    chain_grade: str  # the weakest link of its strongest chain
    evidence: tuple[Citation, ...]
    facts: tuple[Pair, ...]  # every proposal fact at the root of its chain
    chain: Step
    likelihood: str = "likely"  # likely | possible (unlikely risks are listed as set aside)
    scope: str = "proposal"  # "form": holds for every proposal of its form; context only
    strength: float = 0.0  # weight of the argument for it (0 to 1)
    base_likelihood: str = "likely"  # before mitigations
    base_severity: str = ""  # before mitigations
    why: str = ""  # why it is as likely as it is, in words
    mitigations: tuple[Mitigation, ...] = ()


@dataclass(frozen=True)
class Mitigation:
    """A protective fact the proposal states, read by a mitigation rule."""

    id: str
    title: str
    because: str
    lowers: str  # likelihood | severity
    grade: str
    facts: tuple[Pair, ...]
    risks: tuple[str, ...]  # the risks it acts on
    evidence: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Favour:
    """Something in the proposal's favour: a credited mitigation or a favourable mechanism."""

    kind: str  # "mitigation" or "mechanism"
    id: str  # rule id, or fact=state
    title: str
    detail: str
    facts: tuple[Pair, ...]


@dataclass(frozen=True)
class Target:
    id: str
    title: str
    present: bool  # the risk was raised, or the mechanism is in that state


@dataclass(frozen=True)
class Advice:
    """A recommendation or a life-cycle check."""

    id: str
    kind: str
    title: str
    advice: str
    because: str
    stages: tuple[str, ...]
    addresses: tuple[Target, ...]
    grade: str
    evidence: tuple[Citation, ...]


@dataclass(frozen=True)
class TensionSide:
    state: str
    meaning: str
    chains: tuple[Step, ...]
    support: float = 0.0  # accrued support for this side under the weighing standard


@dataclass(frozen=True)
class Tension:
    """Arguments that disagree: within one mechanism, or a collision between two mechanisms."""

    fact: str
    label: str
    sides: tuple[TensionSide, ...]
    kind: str = "contested"  # contested | outweighed (one side won) | collision
    decided: str = ""  # how the weighing standard decided it, in words


@dataclass(frozen=True)
class MissingFact:
    fact: str
    label: str
    question: str
    changes: int  # conclusions that would change for the most telling answer
    if_value: str  # that answer
    would_change: tuple[str, ...]
    impact: float = 0.0  # value of information: change to the call and severity-weighted risks
    sentence: str = ""  # what would change, in words
    decides: bool = False  # a fact the standard needs for this form, and an answer to it changes the call


@dataclass(frozen=True)
class UnusedFact:
    """A stated fact that changed nothing: without it the same rules fire, every mechanism and
    outcome resolves the same, the same risks are raised as likely or possible at the same
    severity, and the call is the same. reason is the vocabulary's collected_because when the
    knowledge base gives one, else why the rules did not use it."""

    fact: str
    label: str
    reason: str


@dataclass(frozen=True)
class Firing:
    rule: str
    kind: str
    stratum: int
    matched: tuple[Pair, ...]
    absent: tuple[str, ...]
    derived: tuple[Pair, ...]


@dataclass(frozen=True)
class Provenance:
    accord_version: str
    kb_name: str
    kb_version: str
    kb_hash: str
    engine: str
    engine_version: str
    input: str
    input_hash: str


@dataclass(frozen=True)
class Overall:
    level: str  # "high concern", "some concern", "low concern" or "insufficient information"
    summary: str
    risks_by_severity: tuple[tuple[str, int], ...]
    reasons: tuple[str, ...] = ()  # the risks (or the gaps) that make the call, in words
    deciding_unknown: tuple[str, ...] = ()  # facts that decide the call and are not stated


@dataclass(frozen=True)
class Assessment:
    """Everything one evaluation concluded and why: what `accord.assess()` returns.

    title, summary and partners ((name, sector, role) triples) come from the proposal; facts
    lists every vocabulary fact with its value, meaning and origin; typology, mechanisms and
    overall (the call and risk counts) are the conclusions; risks carry their because-chains
    and citations from the evidence register; recommendations and checks the advice; tensions
    the contradictory conclusions kept side by side; missing the unknown facts that would change
    the advice (unknown_without_effect those that would not); trace every rule firing, in order;
    limits the knowledge base's stated limits; provenance the knowledge base, engine and input
    hashes; survey the readiness survey's scores when answers were given; unused_stated the
    stated facts that changed nothing, each with the reason; one_sentence the proposal in one
    sentence, from the form's grammar in presentation.yaml (accord.engine.phrasing). Frozen records only:
    `accord.render()` and `accord.to_json()` turn it into text.
    """

    title: str
    summary: str
    partners: tuple[tuple[str, str | None, str | None], ...]
    facts: tuple[FactView, ...]
    typology: tuple[Placement, ...]
    mechanisms: tuple[MechanismState, ...]
    overall: Overall
    risks: tuple[Risk, ...]
    recommendations: tuple[Advice, ...]
    checks: tuple[Advice, ...]
    tensions: tuple[Tension, ...]
    missing: tuple[MissingFact, ...]
    unknown_without_effect: tuple[str, ...]
    trace: tuple[Firing, ...]
    limits: tuple[str, ...]
    provenance: Provenance
    survey: SurveyUse | None = None
    in_favour: tuple[Favour, ...] = ()
    set_aside: tuple[Risk, ...] = ()  # risks considered but not raised (mitigated or too weak)
    unused_stated: tuple[UnusedFact, ...] = ()  # stated facts that changed nothing, and why
    one_sentence: str = ""  # who does what, on whose initiative, at which stage (in words)

    def __repr__(self) -> str:
        pv = self.provenance
        return (
            f"<Assessment {self.title!r}: {self.overall.level}, {len(self.risks)} risks; "
            f"KB {pv.kb_name} {pv.kb_version}>"
        )
