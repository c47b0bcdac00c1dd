"""Order rules into strata so negation and 'unknown' are decided only over complete facts."""

from __future__ import annotations

from collections.abc import Iterator

from accord.errors import Problem
from accord.kb.model import All, Any_, Condition, KnowledgeBase, Leaf, Not, Rule, Scalar

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


def dependencies(
    rule: Rule, derivers: dict[str, dict[Scalar, list[str]]]
) -> list[tuple[list[str], bool]]:
    """Return (rules it depends on, strict) pairs; strict means they must finish first."""
    in_pattern = {id(leaf) for leaf in pattern_leaves(rule.when)}
    deps = []
    for leaf, non_monotone in walk(rule.when):
        by_value = derivers.get(leaf.fact)
        if not by_value:
            continue
        values = _values(leaf)
        rules = [
            rid for v, rids in by_value.items() if values is None or v in values for rid in rids
        ]
        if rules:
            deps.append((rules, non_monotone or id(leaf) not in in_pattern))
    return deps


def stratify(rules: list[Rule]) -> tuple[dict[str, int], list[Problem]]:
    """Give every rule the lowest stratum consistent with its dependencies."""
    derivers: dict[str, dict[Scalar, list[str]]] = {}
    for r in rules:
        for fact, value in r.conclusions:
            derivers.setdefault(fact, {}).setdefault(value, []).append(r.id)
    deps = {r.id: dependencies(r, derivers) for r in rules}
    stratum = {r.id: 0 for r in rules}
    limit = len(rules) + 1
    changed = True
    while changed:
        changed = False
        for r in rules:
            need = 0
            for sources, strict in deps[r.id]:
                top = max(stratum[d] for d in sources)
                need = max(need, top + (1 if strict else 0))
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
                f"rule {rid} is part of, or depends on, a cycle through negation, 'unknown' or "
                f"'any' (rules involved: {', '.join(cyclic)})",
                line=r.line,
                field="when",
                hint="a rule cannot depend on the absence of something it helps derive; "
                "break the loop or move the test into a plain all: list",
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
