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


@dataclass(frozen=True)
class MechanismState:
    name: str
    kind: str  # mechanism or outcome
    label: str
    description: str
    family: str | None
    state: str  # one of its states, "contested" or "no signal"
    meaning: str
    factors: tuple[Factor, ...]


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


@dataclass(frozen=True)
class Tension:
    fact: str
    label: str
    sides: tuple[TensionSide, ...]


@dataclass(frozen=True)
class MissingFact:
    fact: str
    label: str
    question: str
    changes: int  # conclusions that would change for the most telling answer
    if_value: str  # that answer
    would_change: tuple[str, ...]


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
    level: str  # "high concern", "some concern" or "low concern"
    summary: str
    risks_by_severity: tuple[tuple[str, int], ...]


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
    hashes; survey the readiness survey's scores when answers were given. Frozen records only:
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

    def __repr__(self) -> str:
        pv = self.provenance
        return (
            f"<Assessment {self.title!r}: {self.overall.level}, {len(self.risks)} risk(s); "
            f"KB {pv.kb_name} {pv.kb_version}>"
        )
