"""Canonical forms of rule conditions and conclusions, for comparing rules with each other.

Used by the lint checks (duplicates, subsumption) and by the rule diff.
"""

from __future__ import annotations

from accord.kb.model import All, Condition, Leaf, Not, Rule


def canon(cond: Condition) -> object:
    """A hashable form of a condition in which the order of all/any items does not matter."""
    if isinstance(cond, Leaf):
        value = tuple(sorted(map(repr, cond.value))) if cond.op == "in" else cond.value  # type: ignore[arg-type]
        return ("leaf", cond.fact, cond.op, repr(value))
    if isinstance(cond, Not):
        return ("not", canon(cond.item))
    items = frozenset(conjuncts(cond)) if isinstance(cond, All) else None
    if items is not None:
        return next(iter(items)) if len(items) == 1 else ("all", items)
    return ("any", frozenset(canon(i) for i in cond.items))


def conjuncts(cond: Condition) -> set[object]:
    """The canonical tests a condition requires together (nested all: lists flattened)."""
    if isinstance(cond, All):
        out: set[object] = set()
        for item in cond.items:
            out |= conjuncts(item)
        return out
    return {canon(cond)}


def conclusion_key(rule: Rule) -> object | None:
    """What a rule concludes, for comparing rules; None for risks (each risk is its own)."""
    if rule.kind == "risk":
        return None
    if rule.kind in ("recommendation", "lifecycle"):
        return (rule.kind, tuple(sorted(rule.addresses)), rule.advice)
    return (rule.kind, rule.then)
