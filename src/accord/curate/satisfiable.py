"""Can a rule's condition hold? Static satisfiability over the vocabulary's values.

A condition is put in disjunctive form (top-level all/any and negated single tests); a `not`
over a compound test is taken as satisfiable, and a form larger than MAX_TERMS is not expanded,
so these checks err towards silence rather than false alarms. They never run the engine.
"""

from __future__ import annotations

from accord.kb.model import RULE_FACTS, Any_, Condition, KnowledgeBase, Leaf, Not, Scalar

MAX_TERMS = 512  # cap on the disjunctive form of one condition

Literal = tuple[Leaf, bool]  # (test, True when it must hold / False when it must not)


def terms(cond: Condition) -> list[list[Literal]] | None:
    """The condition in disjunctive form, or None when it is too large to expand."""
    if isinstance(cond, Leaf):
        return [[(cond, True)]]
    if isinstance(cond, Not):
        return [[(cond.item, False)]] if isinstance(cond.item, Leaf) else [[]]
    parts = [terms(i) for i in cond.items]
    if any(p is None for p in parts):
        return None
    if isinstance(cond, Any_):
        out = [t for p in parts for t in p]  # type: ignore[union-attr]
        return out if len(out) <= MAX_TERMS else None
    product: list[list[Literal]] = [[]]
    for p in parts:
        product = [a + b for a in product for b in p]  # type: ignore[union-attr]
        if len(product) > MAX_TERMS:
            return None
    return product


class ValueSpace:
    """Which values each fact can take, with derived states limited to those some rule derives."""

    def __init__(self, kb: KnowledgeBase, derivable: dict[str, set[Scalar]] | None) -> None:
        self.kb = kb
        self.derivable = derivable

    def conflict(self, term: list[Literal]) -> str | None:
        """Return why a conjunction of tests cannot hold together, or None when it can."""
        by_fact: dict[str, list[Literal]] = {}
        for leaf, positive in term:
            by_fact.setdefault(leaf.fact, []).append((leaf, positive))
        for fact, lits in sorted(by_fact.items()):
            why = self.fact_conflict(fact, lits)
            if why:
                return why
        return None

    def domain(self, fact: str) -> tuple[set[Scalar] | None, bool]:
        """(finite set of values or None for numbers, whether the fact holds one value)."""
        if fact in self.kb.facts:
            f = self.kb.facts[fact]
            if f.type == "bool":
                return {True, False}, True
            if f.type == "int":
                return None, True
            return set(f.value_names), f.type == "enum"
        if fact in self.kb.derived:
            states: set[Scalar] = set(self.kb.derived[fact].state_names)
            if self.derivable is not None:
                states &= self.derivable.get(fact, set())
            # a fact declared as a tension may hold opposite states at once
            contested = any(t.fact == fact for t in self.kb.tensions)
            return states, not contested
        if fact in RULE_FACTS.values():  # ids of risk, recommendation and lifecycle rules
            if self.derivable is None:
                return None, False
            return set(self.derivable.get(fact, set())), False
        return None, False

    def fact_conflict(self, fact: str, lits: list[Literal]) -> str | None:
        domain, single = self.domain(fact)
        must_unknown = any(
            (leaf.op == "unknown" and pos) or (leaf.op == "known" and not pos) for leaf, pos in lits
        )
        needs_value: list[Literal] = [
            (leaf, pos) for leaf, pos in lits if pos and leaf.op != "unknown"
        ]
        needs_value += [(leaf, pos) for leaf, pos in lits if not pos and leaf.op == "unknown"]
        if must_unknown and needs_value:
            return f"'{fact}' must be both unknown and known"
        if not needs_value:
            return None
        excluded: set[Scalar] = set()
        for leaf, pos in lits:
            if not pos and leaf.op == "equals":
                excluded.add(leaf.value)  # type: ignore[arg-type]
            elif not pos and leaf.op == "in":
                excluded.update(leaf.value)  # type: ignore[arg-type]
        if domain is None:
            return self.number_conflict(fact, lits) if fact in self.kb.facts else None
        wanted = [leaf for leaf, pos in lits if pos and leaf.op in ("equals", "in")]
        if single:
            allowed = set(domain) - excluded
            for leaf in wanted:
                allowed &= set(leaf.value) if leaf.op == "in" else {leaf.value}  # type: ignore[arg-type]
            if not allowed:
                return self.explain_empty(fact, wanted, domain)
            return None
        for leaf in wanted:  # a set fact: every test needs one of its values present
            options = (set(leaf.value) if leaf.op == "in" else {leaf.value}) & domain  # type: ignore[arg-type]
            if not options - excluded:
                return self.explain_empty(fact, [leaf], domain)
        if not domain - excluded:
            return f"no value of '{fact}' is left"
        return None

    def explain_empty(self, fact: str, wanted: list[Leaf], domain: set[Scalar]) -> str:
        asked = sorted({str(v) for leaf in wanted for v in tested_values(leaf)})
        if fact in self.kb.derived or fact in RULE_FACTS.values():
            missing = sorted(
                {str(v) for leaf in wanted for v in tested_values(leaf)} - set(map(str, domain))
            )
            if missing and len(wanted) <= 1:
                what = "state" if fact in self.kb.derived else "rule"
                return f"no reachable rule derives {fact}={'|'.join(missing)} (no such {what} is concluded)"
        if len(wanted) > 1:
            return f"'{fact}' would need to equal {' and '.join(asked)} at once"
        return f"'{fact}' cannot take {'|'.join(asked)} here"

    def number_conflict(self, fact: str, lits: list[Literal]) -> str | None:
        f = self.kb.facts[fact]
        lo = f.minimum if f.minimum is not None else -(10**18)
        hi = f.maximum if f.maximum is not None else 10**18
        allowed: set[int] | None = None
        for leaf, pos in lits:
            if not pos:
                continue
            v = leaf.value
            if leaf.op == "at_least":
                lo = max(lo, v)  # type: ignore[type-var, assignment]
            elif leaf.op == "above":
                lo = max(lo, v + 1)  # type: ignore[operator]
            elif leaf.op == "at_most":
                hi = min(hi, v)  # type: ignore[type-var, assignment]
            elif leaf.op == "below":
                hi = min(hi, v - 1)  # type: ignore[operator]
            elif leaf.op == "equals":
                allowed = {v} if allowed is None else allowed & {v}  # type: ignore[arg-type]
            elif leaf.op == "in":
                allowed = set(v) if allowed is None else allowed & set(v)  # type: ignore[arg-type]
        if lo > hi:
            return f"no whole number fits every test on '{fact}'"
        if allowed is not None and not any(lo <= a <= hi for a in allowed):
            return f"no allowed value of '{fact}' fits every test on it"
        return None

    def unsatisfiable(self, cond: Condition) -> str | None:
        """Return why no proposal can satisfy cond, or None when some may."""
        ts = terms(cond)
        if ts is None:
            return None
        reasons = [self.conflict(t) for t in ts]
        if all(reasons):
            return reasons[0]
        return None


def tested_values(leaf: Leaf) -> tuple[Scalar, ...]:
    """The values an equals/in test names (none for the other tests)."""
    if leaf.op == "in":
        return tuple(leaf.value)  # type: ignore[arg-type]
    if leaf.op == "equals":
        return (leaf.value,)  # type: ignore[return-value]
    return ()
