"""The knowledge base as frozen records: vocabulary, derived facts, evidence, rules and cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from accord.kb.presentation import Presentation

# Ordered weakest first, so max()/min() over indexes compare strength.
GRADES = ("derived", "limited", "moderate", "strong")
SEVERITIES = ("low", "medium", "high")
KINDS = ("typology", "mechanism", "outcome", "risk", "mitigation", "recommendation", "lifecycle")
STAGES = ("contemplating", "connecting", "planning", "implementation", "maintenance", "dissolution")
FACT_TYPES = ("enum", "set", "bool", "int")
DERIVED_KINDS = ("typology", "mechanism", "outcome")

# Derived facts whose values are rule ids: a firing risk, recommendation or lifecycle rule
# asserts its own id here, so later rules can read "risk RISK-07 was raised".
RULE_FACTS = {
    "risk": "risk",
    "mitigation": "mitigation",
    "recommendation": "recommendation",
    "lifecycle": "check",
}
# How likely a raised risk is, weakest first ("unlikely": considered, not raised).
LIKELIHOODS = ("unlikely", "possible", "likely")
# What a risk finding is about: this proposal, or every proposal of its form (context only).
SCOPES = ("proposal", "form")
# What a mitigation lowers by one step.
LOWERS = ("likelihood", "severity")

Scalar = Union[str, int, bool]


def grade_rank(grade: str) -> int:
    return GRADES.index(grade)


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class FactDef:
    """A fact a proposal may state."""

    name: str
    type: str
    group: str
    label: str
    question: str
    description: str
    values: tuple[tuple[str, str], ...] = ()  # (value, meaning) for enum and set
    minimum: int | None = None
    maximum: int | None = None
    line: int | None = None
    collected_because: str = ""  # why the fact is asked although no rule reads it

    @property
    def value_names(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.values)

    def meaning(self, value: Scalar) -> str:
        for v, text in self.values:
            if v == value:
                return text
        return str(value)


@dataclass(frozen=True)
class DerivedDef:
    """A fact the rules derive: a typology dimension, a mechanism or an outcome."""

    name: str
    kind: str
    label: str
    description: str
    states: tuple[tuple[str, str], ...]
    family: str | None = None
    line: int | None = None
    favourable: str | None = None  # the state that counts in a proposal's favour, if any

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s for s, _ in self.states)

    def meaning(self, state: str) -> str:
        for s, text in self.states:
            if s == state:
                return text
        return state


@dataclass(frozen=True)
class Source:
    """A registered source. attribution_only: why it is cited with no claim of its own (text;
    empty for a source whose claims rules encode)."""

    id: str
    citation: str
    link: str
    licence: str
    attribution_only: str = ""


@dataclass(frozen=True)
class Claim:
    """A claim a rule encodes: a CMOC or finding from the dossier, or our own derivation."""

    id: str
    source: str
    location: str
    summary: str
    status: str
    grade: str
    context: str = ""
    mechanism: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class Leaf:
    """A test on one fact: equals, in, at_least, at_most, above, below, known, unknown."""

    fact: str
    op: str
    value: Scalar | tuple[Scalar, ...] | None = None


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Union[Leaf, All, Any_, Not]


@dataclass(frozen=True)
class Rule:
    """One rule of a *.rules.yaml file, validated by the loader.

    id ('RISK-07'), title and kind (one of KINDS) name it; when is its condition tree (Leaf,
    All, Any_, Not) over proposal facts and derived facts; then the (fact, state) pairs it
    asserts (typology, mechanism and outcome rules); because the plain-English reason;
    evidence the claim ids it cites in evidence.yaml; grade its evidence grade (GRADES).
    Risks carry a severity; recommendations and life-cycle checks carry addresses (risk ids or
    'fact=state'), stages and advice. file and line locate it; stratum is the layer the loader
    placed it in (rules read only what earlier strata concluded).
    """

    id: str
    title: str
    kind: str
    when: Condition
    then: tuple[tuple[str, str], ...]  # derived facts it asserts, (fact, value)
    because: str
    evidence: tuple[str, ...]
    grade: str
    file: str
    line: int | None = None
    severity: str | None = None  # risks
    addresses: tuple[str, ...] = ()  # recommendations and lifecycle checks: risk ids or fact=state
    stages: tuple[str, ...] = ()  # recommendations and lifecycle checks
    advice: str = ""  # recommendations and lifecycle checks: what to do
    scope: str = "proposal"  # risks: "form" when the finding holds for every proposal of a form
    mitigates: tuple[str, ...] = ()  # mitigations: the risk ids they act on
    lowers: str = ""  # mitigations: "likelihood" or "severity"
    stratum: int = 0

    @property
    def conclusions(self) -> tuple[tuple[str, str], ...]:
        """Every derived fact this rule asserts, its own id included for rule facts."""
        own = RULE_FACTS.get(self.kind)
        return self.then + (((own, self.id),) if own else ())


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    facts: tuple[tuple[str, Scalar | tuple[str, ...]], ...]
    expect: str  # "fires" or "silent"
    file: str
    line: int | None = None


@dataclass(frozen=True)
class AcceptedTension:
    """Opposite conclusions declared (in derived.yaml or kb.yaml) as expected, not as a fault.

    Either a pair of rules, or a derived fact whose rules are meant to weigh against each other
    (every pair of rules concluding different states of it).
    """

    rules: tuple[str, ...]
    fact: str | None
    because: str
    file: str
    line: int | None = None

    def covers(self, a: Rule, b: Rule) -> bool:
        if self.rules:
            return set(self.rules) == {a.id, b.id}
        return any(f == self.fact for f, _ in a.then) and any(f == self.fact for f, _ in b.then)


@dataclass(frozen=True)
class Accepted:
    """A lint finding the curators accept (kb.yaml 'accepted:'), with the reason."""

    check: str
    subject: str  # a rule id or fact name the finding names
    because: str
    file: str
    line: int | None = None


@dataclass(frozen=True)
class CallLevel:
    """One row of the call policy: the level, and the (severity, likelihood) pairs that reach it."""

    level: str
    when: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Collision:
    """Two states of different mechanisms that pull against each other (reported as a tension)."""

    states: tuple[tuple[str, str], tuple[str, str]]
    because: str


@dataclass(frozen=True)
class Standard:
    """The weighing standard from rules/judgement.yaml (weights, proof standards, the call).

    Weights and thresholds are numbers between 0 and 1; see docs/weighing.md for their meaning.
    """

    grade_weight: dict[str, float]
    fact_strength: dict[str, float]
    attenuation: float
    contested_below: float
    clear_from: float
    draw_from: dict[str, float]  # per derived kind: least strength for a conclusion to follow
    draw_from_facts: dict[str, float]  # per derived fact, where it differs from its kind
    likely: float
    possible: float
    call: tuple[CallLevel, ...]
    severity_score: dict[str, float]
    likelihood_score: dict[str, float]
    min_share: float
    deciding_default: tuple[str, ...]
    deciding_forms: dict[str, tuple[str, ...]]
    collisions: tuple[Collision, ...] = ()

    def draw(self, fact: str, kind: str) -> float:
        """The least strength at which a state of this derived fact is drawn (0 to 1)."""
        return self.draw_from_facts.get(fact, self.draw_from.get(kind, 0.0))

    def deciding(self, form: str | None) -> tuple[str, ...]:
        """The facts that decide the call for a form (the default list for other forms)."""
        if form is None:
            return self.deciding_default
        return self.deciding_forms.get(form, self.deciding_default)


@dataclass(frozen=True)
class KnowledgeBase:
    """A loaded, validated knowledge base: what `accord.load_kb()` returns.

    name, version, description and limits come from kb.yaml; facts (the vocabulary a proposal
    may state) from vocabulary.yaml; derived (typology, mechanisms, outcomes) from derived.yaml;
    sources and claims from evidence.yaml; rules (in stratum, id order) from *.rules.yaml and
    cases from *.cases.yaml (empty when loaded with cases=False). content_hash is the SHA-256
    of every YAML file in root; tensions and accepted are the curators' declared exceptions;
    presentation (attribution, grade meanings, favourable states) comes from presentation.yaml
    and derived.yaml, None only for a knowledge base built in code. Treat it as read-only.
    """

    name: str
    version: str
    description: str
    limits: tuple[str, ...]
    facts: dict[str, FactDef]
    derived: dict[str, DerivedDef]
    sources: dict[str, Source]
    claims: dict[str, Claim]
    rules: tuple[Rule, ...]  # in (stratum, id) order
    cases: tuple[Case, ...]
    content_hash: str
    root: str = ""
    rule_index: dict[str, Rule] = field(default_factory=dict)
    tensions: tuple[AcceptedTension, ...] = ()
    accepted: tuple[Accepted, ...] = ()
    standard: Standard | None = None  # rules/judgement.yaml; required by the loader
    presentation: Presentation | None = None

    def rule(self, rule_id: str) -> Rule:
        return self.rule_index[rule_id]
