"""What an unknown fact may turn out to be: the distributions `accord robustness` samples from.

Without a priors file every unknown fact is drawn uniformly:

- a yes/no fact is true or false, one chance in two each;
- a one-of-a-list fact takes each allowed value with the same chance;
- a set fact is a non-empty subset of its values, every subset equally likely (each value is in
  with probability 1/2, and a draw with none is not a world);
- a whole-number fact takes each range the rules tell apart with the same chance (the ranges
  start at every threshold a rule tests, and at the number after it), then a number uniform
  within the range, so the vocabulary's arbitrary maximum does not decide the answer.

A priors file (YAML, read by the safe reader) changes that for the facts it names::

    priors:
      contract_signed: {"true": 1, "false": 3}    # weights, scaled to add up to 1
      form: {merger: 0.5, group_model: 0.5}        # values left out are never drawn
      legacy_liabilities: {pfi: 0.2, none: 0.7}    # set facts: chance each value is in
      workforce_plan: {agreed: 2, unknown: 1}      # unknown: the fact stays unknown

A set fact's values not named keep the chance 1/2; `unknown` gives the chance that the fact
stays unknown in a world. A yes/no fact's keys are quoted ("true", "false": the reader takes
a bare true or false key for a mistake). Facts the proposal states are never sampled; a prior for one is
reported and not used.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import UsageError, problems_error
from accord.inputs.proposal import FactValue
from accord.kb.model import FactDef, KnowledgeBase
from accord.kb.problems import Collector
from accord.kb.strata import walk
from accord.kb.values import UNKNOWN, describe_expected
from accord.kb.yamlread import load_yaml

UNIFORM = "uniform"
FROM_FILE = "priors file"


@dataclass(frozen=True)
class Prior:
    """How one unknown fact is drawn in each world.

    fact: its name; kind: "choice" (one value, including None for unknown, with cumulative
    weights ending at 1.0) or "members" (a set fact: each member in with its chance, `unknown`
    the chance the fact stays unknown); ranges: for a whole-number fact, (low, high) of each
    value in values (a range drawn uniformly), else empty; source: "uniform" or "priors file".
    """

    fact: str
    kind: str
    values: tuple[Any, ...]
    weights: tuple[float, ...]
    unknown: float = 0.0
    ranges: tuple[tuple[int, int], ...] = ()
    source: str = UNIFORM

    def draw(self, rng: random.Random) -> FactValue | None:
        """One value (None: unknown in this world), using rng's next draws only."""
        if self.kind == "members":
            if self.unknown and rng.random() < self.unknown:
                return None
            return _members(self.values, self.weights, rng)
        i = min(bisect.bisect_right(self.weights, rng.random()), len(self.values) - 1)
        if self.ranges:
            low, high = self.ranges[i]
            return low + int(rng.random() * (high - low + 1))
        return self.values[i]

    def driver_keys(self) -> tuple[str, ...]:
        """The names this fact is measured under as a driver of the spread: the fact itself,
        or for a set fact one "fact:value" per value (whether that value is among them)."""
        if self.kind == "members":
            return tuple(f"{self.fact}:{v}" for v in self.values)
        return (self.fact,)

    def groups(self, value: FactValue | None) -> tuple[str, ...]:
        """The group of a drawn value under each of driver_keys(): for a set fact "yes" or "no" per
        value (or unknown), else the value's group (group())."""
        if self.kind != "members":
            return (self.group(value),)
        if value is None:
            return tuple(UNKNOWN for _ in self.values)
        return tuple("yes" if v in value else "no" for v in self.values)  # type: ignore[operator]

    def group(self, value: FactValue | None) -> str:
        """The label of the group a drawn value falls in, for the drivers of the spread."""
        if value is None:
            return UNKNOWN
        if self.ranges and isinstance(value, int) and not isinstance(value, bool):
            for low, high in self.ranges:
                if low <= value <= high:
                    return f"{low}" if low == high else f"{low}-{high}"
        return show_value(value)


def show_value(value: FactValue | None) -> str:
    """A fact value as text: true/false, a number, a value, or set members joined by '+'."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "+".join(value)
    return str(value)


def _members(values: tuple[Any, ...], chances: tuple[float, ...], rng: random.Random) -> Any:
    """A non-empty subset, each member in with its chance, conditioned on not being empty.

    Exact without redrawing: the first member in is drawn first (member k with chance
    p_k times the chance that none before it is in), then each later member independently.
    """
    first, none_before = [], 1.0
    for p in chances:
        first.append(none_before * p)
        none_before *= 1.0 - p
    total = sum(first)
    u, acc, k = rng.random() * total, 0.0, len(values) - 1
    for i, w in enumerate(first):
        acc += w
        if u < acc and w > 0:
            k = i
            break
    chosen = [values[k]]
    chosen.extend(
        v for v, p in zip(values[k + 1 :], chances[k + 1 :], strict=True) if rng.random() < p
    )
    return tuple(sorted(chosen))


def _cumulative(weights: list[float]) -> tuple[float, ...]:
    total = sum(weights)
    out, acc = [], 0.0
    for w in weights:
        acc += w / total
        out.append(acc)
    out[-1] = 1.0
    return tuple(out)


def cuts(kb: KnowledgeBase, fact: str) -> set[int]:
    """The first numbers of the ranges of a whole-number fact that some rule tells apart."""
    out: set[int] = set()
    for rule in kb.rules:
        for leaf, _ in walk(rule.when):
            if leaf.fact != fact:
                continue
            values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            for t in values:
                if not isinstance(t, int) or isinstance(t, bool):
                    continue
                if leaf.op in ("at_least", "below"):
                    out.add(t)
                elif leaf.op in ("above", "at_most"):
                    out.add(t + 1)
                else:  # equals, in: the value alone is a range
                    out.update((t, t + 1))
    return out


def int_ranges(fdef: FactDef, starts: set[int]) -> tuple[tuple[int, int], ...]:
    """The ranges of a whole-number fact from its minimum to its maximum, cut at starts."""
    low = fdef.minimum if fdef.minimum is not None else 0
    high = fdef.maximum if fdef.maximum is not None else max(low, 100)
    firsts = sorted({low} | {c for c in starts if low < c <= high})
    ends = [s - 1 for s in firsts[1:]] + [high]
    return tuple(zip(firsts, ends, strict=True))


def uniform(fdef: FactDef, kb: KnowledgeBase) -> Prior:
    """The default distribution of one fact (see the module's description)."""
    if fdef.type == "set":
        members = tuple(fdef.value_names)
        return Prior(fdef.name, "members", members, tuple(0.5 for _ in members))
    if fdef.type == "int":
        ranges = int_ranges(fdef, cuts(kb, fdef.name))
        return Prior(fdef.name, "choice", ranges, _cumulative([1.0] * len(ranges)), 0.0, ranges)
    values: tuple[Any, ...] = (True, False) if fdef.type == "bool" else tuple(fdef.value_names)
    return Prior(fdef.name, "choice", values, _cumulative([1.0] * len(values)))


def plan_priors(
    kb: KnowledgeBase, unknown: list[str], given: Mapping[str, Prior] | None = None
) -> tuple[Prior, ...]:
    """One Prior per unknown fact, in vocabulary order: from given where named, else uniform."""
    given = given or {}
    out = []
    for name in unknown:
        out.append(given[name] if name in given else uniform(kb.facts[name], kb))
    return tuple(out)


def read_priors(path: Path | str, kb: KnowledgeBase) -> dict[str, Prior]:
    """Read and check a priors file (format in the module's description) against kb.

    Returns fact name -> Prior. Raises InputFileError when the file is not readable YAML,
    UsageError listing every problem (file, line, field, what was expected, did-you-mean):
    an unknown fact or value, a weight that is not a number of 0 or more, weights that add up
    to 0, a chance of a set value outside 0 to 1.
    """
    src = load_yaml(Path(path), str(path))
    col = Collector(src)
    data = col.mapping(src.data, (), "a priors file")
    out: dict[str, Prior] = {}
    if data is not None:
        col.keys(data, (), required=("priors",))
        table = (
            col.mapping(data.get("priors"), ("priors",), "'priors'") if "priors" in data else None
        )
        for name, spec in (table or {}).items():
            path_ = ("priors", name)
            fdef = kb.facts.get(name) if isinstance(name, str) else None
            if fdef is None:
                col.add(
                    path_,
                    f"unknown fact '{name}'",
                    expected="a fact listed by 'accord facts'",
                    hint=col.hint(name, kb.facts),
                )
                continue
            weights = col.mapping(spec, path_, f"the prior of '{name}'")
            if weights is not None:
                prior = _prior(col, path_, fdef, weights, kb)
                if prior is not None:
                    out[name] = prior
    if col.problems:
        raise problems_error(UsageError, f"{path}: not a valid priors file", col.problems)
    return out


def _prior(
    col: Collector, path: tuple[Any, ...], fdef: FactDef, weights: dict[Any, Any], kb: KnowledgeBase
) -> Prior | None:
    allowed = _allowed(fdef)
    picked: dict[Any, float] = {}
    bad = False
    for key, w in weights.items():
        value = None if key == UNKNOWN else _value(fdef, key, allowed)
        where = (*path, key)
        if key != UNKNOWN and value is None:
            col.add(
                where,
                f"'{key}' is not a value of '{fdef.name}'",
                expected=_expected(fdef, allowed),
                hint=col.hint(key, [*map(show_value, allowed), UNKNOWN]),
            )
            bad = True
            continue
        top = 1.0 if fdef.type == "set" else math.inf
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 <= w <= top:
            what = "a chance from 0 to 1" if top == 1.0 else "a weight: a number of 0 or more"
            col.add(where, f"'{w}' is not {what}", expected=what)
            bad = True
            continue
        picked[value] = float(w)
    if bad:
        return None
    if fdef.type == "set":
        return _set_prior(col, path, fdef, picked)
    if not sum(picked.values()) > 0:
        col.add(path, "the weights add up to 0", expected="at least one weight above 0")
        return None
    order = sorted(v for v in picked if v is not None) if fdef.type == "int" else allowed
    values = [v for v in (*order, None) if picked.get(v, 0.0) > 0]
    cum = _cumulative([picked[v] for v in values])
    return Prior(fdef.name, "choice", tuple(values), cum, source=FROM_FILE)


def _set_prior(
    col: Collector, path: tuple[Any, ...], fdef: FactDef, picked: dict[Any, float]
) -> Prior | None:
    unknown = picked.pop(None, 0.0)
    values = tuple(fdef.value_names)
    chances = tuple(picked.get(v, 0.5) for v in values)
    if not any(c > 0 for c in chances) and unknown < 1.0:
        col.add(path, "no value can be drawn", expected="a value with a chance above 0")
        return None
    return Prior(fdef.name, "members", values, chances, unknown, (), FROM_FILE)


def _expected(fdef: FactDef, allowed: list[Any]) -> str:
    if fdef.type == "int":
        return describe_expected(fdef)
    return "one of: " + ", ".join([*map(show_value, allowed), UNKNOWN])


def _allowed(fdef: FactDef) -> list[Any]:
    if fdef.type == "bool":
        return [True, False]
    if fdef.type == "int":
        return []
    return list(fdef.value_names)


def _value(fdef: FactDef, key: Any, allowed: list[Any]) -> Any:
    if fdef.type == "int":
        ok = isinstance(key, int) and not isinstance(key, bool)
        lo = fdef.minimum if fdef.minimum is not None else -math.inf
        hi = fdef.maximum if fdef.maximum is not None else math.inf
        return key if ok and lo <= key <= hi else None
    if fdef.type == "bool":  # the reader refuses bare true/false keys: they come quoted
        return {"true": True, "false": False}.get(key) if isinstance(key, str) else None
    return key if isinstance(key, str) and key in allowed else None
