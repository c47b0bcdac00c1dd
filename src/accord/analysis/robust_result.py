"""The result of a robustness run: shares of worlds per call and risk, and what drives the spread.

The spread of the call is its entropy over the sampled worlds, H(call) in bits (0 when every
world gets the same call; 2 at most, for four levels equally often). How much an unknown fact
drives it is the mutual information between the fact's drawn value and the call,
I(fact; call) = H(call) - H(call | fact), in bits, estimated from the counts: how much knowing
that fact would, on average, narrow the call. `share` is I / H(call): the part of the spread it
accounts for (the shares of several facts may overlap). Values are grouped as drawn; whole
numbers by the ranges the rules tell apart; a set fact is measured once per value, as
"fact:value" (whether that value is among the fact's values: yes or no). Estimates from counts
overstate the information, the more so the more groups a fact has: each figure has the
Miller-Madow correction (groups - 1)(outcomes - 1) / (2 N ln 2) taken off, and is never below
0. When the call hardly varies, the risks still may:
`risk_information` adds up, over every risk, the mutual information between the fact and
whether that risk is raised. Drivers are listed by information about the call, then about
the risks.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import asdict, dataclass

from accord.analysis.worlds import Plan, Tally
from accord.engine.judge import INSUFFICIENT, LEVELS
from accord.engine.phrasing import rule_text
from accord.inputs.proposal import Proposal
from accord.kb.model import KnowledgeBase, severity_rank

ORDER = (*reversed(LEVELS), INSUFFICIENT)  # high, some, low concern, insufficient information
SCHEMA = "accord.robustness/1"
_LIKELIHOOD = {"likely": 0, "possible": 1}


@dataclass(frozen=True)
class Share:
    """How many worlds (and which share of all, 0 to 1) got one call, or one risk outcome."""

    what: str
    worlds: int
    share: float


@dataclass(frozen=True)
class RiskShare:
    """A risk raised in some worlds: the share raised, and by severity and likelihood."""

    id: str
    title: str
    worlds: int
    share: float
    outcomes: tuple[Share, ...]  # what = "severity, likelihood"


@dataclass(frozen=True)
class ValueCalls:
    """The worlds where an unknown fact took one value (group), and their calls."""

    value: str
    worlds: int
    calls: tuple[Share, ...]  # shares within these worlds, in ORDER, levels seen only


@dataclass(frozen=True)
class Driver:
    """An unknown fact and how much its value moves the call (module description)."""

    fact: str
    label: str
    information: float  # about the call, bits
    share: float  # of the call's entropy
    risk_information: float  # about which risks are raised: summed over the risks, bits
    source: str  # "uniform" or "priors file"
    values: tuple[ValueCalls, ...]


@dataclass(frozen=True)
class Robustness:
    """What `accord.robustness()` returns; to_dict() / to_json() / to_text() show it."""

    title: str
    source: str
    input_hash: str
    kb_name: str
    kb_version: str
    kb_hash: str
    engine: str
    seed: int
    worlds: int
    unknown: tuple[str, ...]  # the facts drawn, in vocabulary order
    priors_ignored: tuple[str, ...]  # facts with a prior that the proposal states
    spread: float  # entropy of the call over the worlds, bits
    calls: tuple[Share, ...]
    risks: tuple[RiskShare, ...]
    drivers: tuple[Driver, ...]

    def to_dict(self) -> dict[str, object]:
        return {"schema": SCHEMA, **asdict(self)}

    def to_json(self) -> str:
        """Canonical JSON text (same result, same bytes), ending in a newline."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self, top: int = 10) -> str:
        from accord.analysis.robust_text import robustness_text

        return robustness_text(self, top)


def _share(n: int, total: int) -> float:
    return round(n / total, 6) if total else 0.0


def _entropy(counts: list[int]) -> float:
    total = sum(counts)
    return max(0.0, -sum(c / total * math.log2(c / total) for c in counts if c)) if total else 0.0


def summarise(
    proposal: Proposal,
    kb: KnowledgeBase,
    plan: Plan,
    tally: Tally,
    worlds: int,
    ignored: tuple[str, ...],
) -> Robustness:
    """Turn the counts of a run into shares and drivers (independent of the counts' order)."""
    levels = {k[1]: v for k, v in tally.items() if k[0] == "level"}
    calls = tuple(Share(lv, levels.get(lv, 0), _share(levels.get(lv, 0), worlds)) for lv in ORDER)
    spread = _entropy([levels[lv] for lv in sorted(levels)]) + 0.0
    from accord.engine import get_engine

    pv = get_engine(kb, plan.engine)
    return Robustness(
        title=proposal.title,
        source=proposal.source,
        input_hash=proposal.input_hash,
        kb_name=kb.name,
        kb_version=kb.version,
        kb_hash=kb.content_hash,
        engine=pv.name,
        seed=plan.seed,
        worlds=worlds,
        unknown=tuple(p.fact for p in plan.priors),
        priors_ignored=ignored,
        spread=round(spread, 6),
        calls=calls,
        risks=_risks(kb, tally, worlds, _form(proposal, plan)),
        drivers=_drivers(kb, plan, tally, spread),
    )


def _form(proposal: Proposal, plan: Plan) -> object:
    """The form every world holds (the proposal's), or None when the worlds vary it."""
    varied = any(p.fact == "form" for p in plan.priors)
    return None if varied else proposal.fact_map().get("form")


def _risks(kb: KnowledgeBase, tally: Tally, worlds: int, form: object) -> tuple[RiskShare, ...]:
    by_risk: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for key, n in tally.items():
        if key[0] == "risk":
            by_risk[key[1]][(key[2], key[3])] = n
    out = []
    for rid, outcomes in by_risk.items():
        n = sum(outcomes.values())
        order = sorted(outcomes, key=lambda o: (-severity_rank(o[0]), _LIKELIHOOD.get(o[1], 9)))
        shares = tuple(
            Share(f"{s}, {lk}", outcomes[(s, lk)], _share(outcomes[(s, lk)], worlds))
            for s, lk in order
        )
        title = rule_text(kb, kb.rule(rid), "title", form)
        out.append(RiskShare(rid, title, n, _share(n, worlds), shares))
    out.sort(key=lambda r: (-r.worlds, r.id))
    return tuple(out)


def _drivers(kb: KnowledgeBase, plan: Plan, tally: Tally, spread: float) -> tuple[Driver, ...]:
    joint: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    jrisk: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    raised: dict[str, int] = defaultdict(int)
    levels: dict[str, int] = defaultdict(int)
    for key, n in tally.items():
        if key[0] == "joint":
            joint[key[1]][key[2]][key[3]] = n
        elif key[0] == "jrisk":
            jrisk[key[1]][key[2]][key[3]] = n
        elif key[0] == "risk":
            raised[key[1]] += n
        elif key[0] == "level":
            levels[key[1]] += n
    total = sum(levels.values())
    out = []
    for prior in plan.priors:
        label = kb.facts[prior.fact].label
        for key in prior.driver_keys():
            groups = joint.get(key, {})
            info = _call_information(groups, levels, total)
            values = tuple(
                ValueCalls(
                    group,
                    sum(groups[group].values()),
                    tuple(
                        Share(
                            lv,
                            groups[group][lv],
                            _share(groups[group][lv], sum(groups[group].values())),
                        )
                        for lv in ORDER
                        if lv in groups[group]
                    ),
                )
                for group in sorted(groups)
            )
            out.append(
                Driver(
                    key,
                    label if key == prior.fact else f"{label}: includes {key.partition(':')[2]}",
                    round(info, 6),
                    round(info / spread, 6) if spread > 0 else 0.0,
                    round(_risk_information(groups, jrisk.get(key, {}), raised, total), 6),
                    prior.source,
                    values,
                )
            )
    out.sort(key=lambda d: (-d.information, -d.risk_information, d.fact))
    return tuple(out)


def _bias(groups: int, outcomes: int, total: int) -> float:
    """Miller-Madow: what the plug-in mutual information overstates on `total` draws."""
    if groups < 2 or outcomes < 2 or not total:
        return 0.0
    return (groups - 1) * (outcomes - 1) / (2 * total * math.log(2))


def _call_information(
    groups: dict[str, dict[str, int]], levels: dict[str, int], total: int
) -> float:
    """Mutual information between a fact's group and the call, bias-corrected, in bits."""
    info = 0.0
    for group in sorted(groups):
        by_level = groups[group]
        n_g = sum(by_level.values())
        for lv in sorted(by_level):
            p_gl = by_level[lv] / total
            info += p_gl * math.log2(p_gl / ((n_g / total) * (levels[lv] / total)))
    return max(0.0, info - _bias(len(groups), len(levels), total))


def _risk_information(
    groups: dict[str, dict[str, int]],
    by_group: dict[str, dict[str, int]],
    raised: dict[str, int],
    total: int,
) -> float:
    """Sum over risks of the mutual information between the fact's group and whether the risk
    is raised, each bias-corrected, in bits."""
    info = 0.0
    for rid in sorted(raised):
        k = raised[rid]
        if k in (0, total):
            continue
        one = 0.0
        for group in sorted(groups):
            n_g = sum(groups[group].values())
            k_g = by_group.get(group, {}).get(rid, 0)
            for joint, marginal in ((k_g, k), (n_g - k_g, total - k)):
                if joint:
                    one += joint / total * math.log2(joint * total / (n_g * marginal))
        info += max(0.0, one - _bias(len(groups), 2, total))
    return info
