"""The records of one evaluation under the weighing standard: arguments, resolutions, the
call on each risk, and the Inference that holds them (built by engine/weighing.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.engine.conditions import Store
from accord.kb.model import RULE_FACTS, Scalar

CLEAR, LEANING, WEAK, CONTESTED = "clear", "leaning", "weak", "contested"
WITHHELD, NO_SIGNAL = "withheld", "no signal"  # set by the explanation, never by the weighing
RULE_FACT_NAMES = frozenset(RULE_FACTS.values())
Pair = tuple[str, Scalar]


@dataclass(frozen=True)
class Argument:
    """One rule's argument for one state (or, for a risk, for raising it), with its weight."""

    rule: str
    fact: str
    value: Scalar
    weight: float
    rests_on: tuple[tuple[str, Scalar, float], ...]  # (fact, value, strength) it read
    roots: frozenset[str]  # the stated facts it ultimately rests on (for independence)


@dataclass(frozen=True)
class Resolution:
    """How the standard resolved a mechanism or outcome: state, standard met and strength."""

    fact: str
    standard: str  # clear | leaning | weak (shown, nothing follows) | contested
    state: Scalar | None  # None when contested
    strength: float  # the margin of the winning state over the next, at most 1
    support: tuple[tuple[Scalar, float], ...]  # accrued support per state, strongest first


@dataclass(frozen=True)
class RiskCall:
    """A risk rule that fired: its weight, likelihood and severity after mitigations."""

    risk: str
    weight: float
    base_likelihood: str
    likelihood: str  # likely | possible | unlikely (unlikely: not raised)
    base_severity: str
    severity: str
    mitigations: tuple[str, ...]  # mitigation rule ids credited, in id order

    @property
    def raised(self) -> bool:
        return self.likelihood != "unlikely"


@dataclass
class Inference:
    """Everything one evaluation concluded. Built by Weigher; read by engine.explain."""

    store: Store
    strength: dict[Pair, float]
    roots: dict[Pair, frozenset[str]] = field(default_factory=dict)
    fired: set[str] = field(default_factory=set)
    arguments: dict[str, list[Argument]] = field(default_factory=dict)  # by unit
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    risks: dict[str, RiskCall] = field(default_factory=dict)
    # after Weigher.what_if: the units it resolved again (everything else is as in its base);
    # None after a full evaluation
    redone: set[str] | None = None
