"""Read a rule's 'when': all/any/not combinations of tests on one fact each."""

from __future__ import annotations

from typing import Any

from accord.errors import did_you_mean
from accord.kb.model import RULE_FACTS, All, Any_, Condition, DerivedDef, FactDef, Leaf, Not
from accord.kb.problems import Collector
from accord.kb.read_common import LEAF_OPS, ORDER_OPS, ReaderState
from accord.kb.values import normalise_value


class ConditionReader(ReaderState):
    """Reads a rule's 'when' (condition) down to its tests on one fact (leaf)."""

    def condition(
        self,
        col: Collector,
        path: tuple[Any, ...],
        raw: Any,
        facts: dict[str, FactDef],
        dfacts: dict[str, DerivedDef],
        kinds: dict[str, Any],
    ) -> Condition | None:
        expected = "all: [...], any: [...], not: {...}, or {fact: NAME, equals: VALUE}"
        if not isinstance(raw, dict):
            col.add(path, "a condition must be a mapping", expected=expected)
            return None
        for combinator in ("all", "any"):
            if combinator in raw:
                col.keys(raw, path, required=(combinator,))
                items = raw[combinator]
                if not isinstance(items, list) or not items:
                    col.add(
                        path + (combinator,),
                        f"'{combinator}' needs a non-empty list of conditions",
                        expected=expected,
                    )
                    return None
                parsed = [
                    self.condition(col, path + (combinator, i), item, facts, dfacts, kinds)
                    for i, item in enumerate(items)
                ]
                if any(p is None for p in parsed):
                    return None
                return All(tuple(parsed)) if combinator == "all" else Any_(tuple(parsed))  # type: ignore[arg-type]
        if "not" in raw:
            col.keys(raw, path, required=("not",))
            inner = self.condition(col, path + ("not",), raw["not"], facts, dfacts, kinds)
            return Not(inner) if inner is not None else None
        if "fact" not in raw:
            col.add(
                path,
                "a condition needs 'fact', or 'all', 'any' or 'not'",
                expected=expected,
                hint=did_you_mean(next(iter(raw), ""), ("fact", "all", "any", "not")),
            )
            return None
        ops = [k for k in raw if k != "fact"]
        col.keys(raw, path, required=("fact",), optional=LEAF_OPS)
        ops = [k for k in ops if k in LEAF_OPS]
        if len(ops) != 1:
            col.add(
                path,
                "a fact test needs exactly one operator",
                expected="one of: " + ", ".join(LEAF_OPS),
            )
            return None
        fact, op = raw["fact"], ops[0]
        value = raw[op]
        return self.leaf(col, path, fact, op, value, facts, dfacts, kinds)

    def leaf(
        self,
        col: Collector,
        path: tuple[Any, ...],
        fact: Any,
        op: str,
        value: Any,
        facts: dict[str, FactDef],
        dfacts: dict[str, DerivedDef],
        kinds: dict[str, Any],
    ) -> Leaf | None:
        if op in ("known", "unknown"):
            if value is not True:
                col.add(path + (op,), f"'{op}' takes the value true", expected=f"{op}: true")
                return None
        if fact in RULE_FACTS.values():
            return self.rule_leaf(col, path, fact, op, value, kinds)
        if fact in dfacts:
            return self.derived_leaf(col, path, fact, op, value, dfacts[fact])
        return self.fact_leaf(col, path, fact, op, value, facts, dfacts)

    def rule_leaf(
        self,
        col: Collector,
        path: tuple[Any, ...],
        fact: str,
        op: str,
        value: Any,
        kinds: dict[str, Any],
    ) -> Leaf | None:
        """A test on which rules of one kind fired (equals or in, naming rule ids)."""
        kind = next(k for k, v in RULE_FACTS.items() if v == fact)
        ids = [k for k, v in kinds.items() if v == kind]
        values = value if op == "in" else [value]
        if op not in ("equals", "in"):
            col.add(path, f"'{fact}' can only be tested with equals or in")
            return None
        for v in values if isinstance(values, list) else [values]:
            if v not in ids:
                col.add(
                    path + (op,),
                    f"'{v}' is not a {kind} rule",
                    expected=f"a {kind} rule id",
                    hint=did_you_mean(str(v), ids),
                )
        return Leaf(fact, op, tuple(values) if op == "in" else value)

    def derived_leaf(
        self, col: Collector, path: tuple[Any, ...], fact: str, op: str, value: Any, d: DerivedDef
    ) -> Leaf | None:
        """A test on a derived fact: its state (equals, in), or whether it is known."""
        if op in ORDER_OPS:
            col.add(
                path,
                f"derived fact '{fact}' has states, not numbers",
                expected="equals, in, known or unknown",
            )
            return None
        if op in ("equals", "in"):
            values = value if op == "in" else [value]
            if not isinstance(values, list):
                col.add(path + (op,), "'in' takes a list", expected="[a, b]")
                return None
            for v in values:
                if v not in d.state_names:
                    col.add(
                        path + (op,),
                        f"'{v}' is not a state of '{fact}'",
                        expected="one of: " + ", ".join(d.state_names),
                        hint=did_you_mean(str(v), d.state_names),
                    )
            return Leaf(fact, op, tuple(values) if op == "in" else value)
        return Leaf(fact, op, None)

    def fact_leaf(
        self,
        col: Collector,
        path: tuple[Any, ...],
        fact: Any,
        op: str,
        value: Any,
        facts: dict[str, FactDef],
        dfacts: dict[str, DerivedDef],
    ) -> Leaf | None:
        """A test on a proposal fact: known, a number compared, or one or more values."""
        if fact not in facts:
            col.add(
                path + ("fact",),
                f"unknown fact '{fact}'",
                expected="a fact from vocabulary.yaml or derived.yaml",
                hint=did_you_mean(
                    str(fact), list(facts) + list(dfacts) + list(RULE_FACTS.values())
                ),
            )
            return None
        f = facts[fact]
        if op in ("known", "unknown"):
            return Leaf(fact, op, None)
        if op in ORDER_OPS:
            if f.type != "int":
                col.add(
                    path,
                    f"'{op}' compares numbers, but '{fact}' is a {f.type} fact",
                    expected="equals or in",
                )
                return None
            if isinstance(value, bool) or not isinstance(value, int):
                col.add(path + (op,), f"'{value}' is not a whole number", expected="a whole number")
                return None
            return Leaf(fact, op, value)
        values = value if op == "in" else [value]
        if not isinstance(values, list) or not values:
            col.add(path + (op,), "'in' takes a non-empty list", expected="[a, b]")
            return None
        scalar_def = FactDef(
            f.name,
            "enum" if f.type == "set" else f.type,
            f.group,
            f.label,
            f.question,
            f.description,
            f.values,
            f.minimum,
            f.maximum,
        )
        for j, v in enumerate(values):
            p = path + (op,) if op == "equals" else path + (op, j)
            if v is None or v == "unknown":
                col.add(p, "test for an unknown fact with 'unknown: true'", expected="a value")
            else:
                normalise_value(scalar_def, v, col, p)
        return Leaf(fact, op, tuple(values) if op == "in" else value)
