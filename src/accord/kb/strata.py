"""Order rules into strata so every derived fact is weighed completely before any rule reads it.

A rule reads a derived fact only once every rule that argues about it has fired or failed and
the weighing standard has resolved it (engine/weighing.py). Negation and 'unknown' are then
decided over complete facts too. Rule facts (risk, mitigation, recommendation, check) are
resolved per id: reading "risk RISK-07 was raised" waits for RISK-07 and its mitigations only.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.errors import Problem
from accord.kb.model import (
    RULE_FACTS,
    All,
    Any_,
    Condition,
    KnowledgeBase,
    Leaf,
    Not,
    Rule,
    Scalar,
)

RULE_FACT_NAMES = frozenset(RULE_FACTS.values())

PATTERN_OPS = ("equals", "in", "at_least", "at_most", "above", "below", "known")


def pattern_leaves(cond: Condition) -> tuple[Leaf, ...]:
    """Return the positive top-level tests an engine may match incrementally.

    Everything else in the condition (any, not, unknown) is checked once, when the rule's
    stratum comes up, over facts that lower strata have completed.
    """
    if isinstance(cond, Leaf):
        return (cond,) if cond.op in PATTERN_OPS else ()
    if isinstance(cond, All):
        return tuple(i for i in cond.items if isinstance(i, Leaf) and i.op in PATTERN_OPS)
    return ()


def walk(cond: Condition, negated: bool = False) -> Iterator[tuple[Leaf, bool]]:
    """Yield every leaf with whether it can turn false as facts are added (non-monotone)."""
    if isinstance(cond, Leaf):
        yield cond, (cond.op == "unknown") != negated
    elif isinstance(cond, (All, Any_)):
        for item in cond.items:
            yield from walk(item, negated)
    elif isinstance(cond, Not):
        yield from walk(cond.item, not negated)


def _values(leaf: Leaf) -> tuple[Scalar, ...] | None:
    """The values a test can only be satisfied by, or None when any value may matter."""
    if leaf.op == "equals":
        return (leaf.value,)  # type: ignore[return-value]
    if leaf.op == "in":
        return leaf.value  # type: ignore[return-value]
    return None


def unit(fact: str, value: Scalar) -> str:
    """The unit the weighing resolves at once: a derived fact, or one id of a rule fact."""
    return f"{fact}={value}" if fact in RULE_FACT_NAMES else fact


def derived_units(rules: list[Rule] | tuple[Rule, ...]) -> dict[str, list[str]]:
    """Map every unit to the rules that argue about it (mitigations argue about their risks)."""
    out: dict[str, list[str]] = {}
    for r in rules:
        for fact, value in r.conclusions:
            out.setdefault(unit(fact, value), []).append(r.id)
        for rid in r.mitigates:
            out.setdefault(unit("risk", rid), []).append(r.id)
    return out


def units_read(leaf: Leaf, units: dict[str, list[str]]) -> list[str]:
    """The units a test reads: the fact, or for a rule fact the ids it can match."""
    if leaf.fact not in RULE_FACT_NAMES:
        return [leaf.fact] if leaf.fact in units else []
    values = _values(leaf)
    if values is None:
        prefix = leaf.fact + "="
        return sorted(u for u in units if u.startswith(prefix))
    return [u for u in (unit(leaf.fact, v) for v in values) if u in units]


def dependencies(rule: Rule, units: dict[str, list[str]]) -> list[str]:
    """Every rule that must have fired or failed (and been weighed) before this one runs."""
    out: list[str] = []
    for leaf, _ in walk(rule.when):
        for u in units_read(leaf, units):
            out.extend(units[u])
    return out


def stratify(rules: list[Rule]) -> tuple[dict[str, int], list[Problem]]:
    """Give every rule the lowest stratum consistent with its dependencies."""
    units = derived_units(rules)
    deps = {r.id: dependencies(r, units) for r in rules}
    stratum = {r.id: 0 for r in rules}
    limit = len(rules) + 1
    changed = True
    while changed:
        changed = False
        for r in rules:
            need = max((stratum[d] + 1 for d in deps[r.id]), default=0)
            need = min(need, limit)
            if need > stratum[r.id]:
                stratum[r.id] = need
                changed = True
    cyclic = sorted(rid for rid, s in stratum.items() if s >= limit)
    problems = []
    by_id = {r.id: r for r in rules}
    for rid in cyclic:
        r = by_id[rid]
        problems.append(
            Problem(
                r.file,
                f"rule {rid} is part of, or depends on, a cycle: it reads something it helps "
                f"derive (rules involved: {', '.join(cyclic)})",
                line=r.line,
                field="when",
                hint="every derived fact is weighed before any rule reads it, so a rule cannot "
                "read a fact it argues about, directly or through other rules; break the loop",
            )
        )
    return stratum, problems


def referenced_values(kb: KnowledgeBase) -> dict[str, set[Scalar]]:
    """Every value (or threshold) that some rule tests each fact against."""
    out: dict[str, set[Scalar]] = {}
    for rule in kb.rules:
        for leaf, _ in walk(rule.when):
            bucket = out.setdefault(leaf.fact, set())
            if isinstance(leaf.value, tuple):
                bucket.update(leaf.value)
            elif leaf.value is not None:
                bucket.add(leaf.value)
    return out
