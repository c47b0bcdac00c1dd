"""Say conditions and conclusions of rules in plain words, for reports and the catalogue."""

from __future__ import annotations

from accord.kb.model import All, Any_, Condition, Leaf, Not, Rule, Scalar

OP_WORDS = {
    "equals": "is",
    "in": "is one of",
    "at_least": "is at least",
    "at_most": "is at most",
    "above": "is above",
    "below": "is below",
}


def show(value: Scalar | tuple[Scalar, ...] | None) -> str:
    if isinstance(value, tuple):
        return ", ".join(show(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def leaf_words(leaf: Leaf) -> str:
    if leaf.fact in ("risk", "recommendation", "check"):
        noun = {"risk": "risk", "recommendation": "recommendation", "check": "check"}[leaf.fact]
        if leaf.op == "in":
            return f"one of the {noun}s {show(leaf.value)} was raised"
        return f"{noun} {show(leaf.value)} was raised"
    if leaf.op == "known":
        return f"{leaf.fact} is known"
    if leaf.op == "unknown":
        return f"{leaf.fact} is unknown"
    return f"{leaf.fact} {OP_WORDS[leaf.op]} {show(leaf.value)}"


def words(cond: Condition) -> str:
    """A condition as one line of text: 'trust is low and any of (a; b)'."""
    if isinstance(cond, Leaf):
        return leaf_words(cond)
    if isinstance(cond, Not):
        return f"not ({words(cond.item)})"
    if isinstance(cond, All):
        if not cond.items:
            return "always"
        return " and ".join(_nested(i) for i in cond.items)
    return "any of (" + "; ".join(words(i) for i in cond.items) + ")"


def _nested(cond: Condition) -> str:
    return f"({words(cond)})" if isinstance(cond, All) else words(cond)


def top_conditions(cond: Condition) -> tuple[Condition, ...]:
    """The conditions a rule needs together: the items of a top-level all, or the one test."""
    if isinstance(cond, All):
        return cond.items
    return (cond,)


def conclusion_words(rule: Rule) -> str:
    if rule.kind == "risk":
        return f"raises risk {rule.id} ({rule.severity})"
    if rule.kind in ("recommendation", "lifecycle"):
        return f"recommends {rule.id}" if rule.kind == "recommendation" else f"checks {rule.id}"
    return ", ".join(f"{fact} = {state}" for fact, state in rule.then)


def is_any(cond: Condition) -> bool:
    return isinstance(cond, Any_)
