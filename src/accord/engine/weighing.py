"""The weighing standard: rules are arguments, and each derived fact is resolved before it is read.

Both engines call this module between strata, so they share one meaning (docs/weighing.md):

- A rule whose condition holds makes an argument for each state it concludes. Its weight is
  the grade weight of the rule (rules/judgement.yaml) times the weakest strength among the
  facts it rests on, times the attenuation when it rests on a weighed conclusion (a mechanism,
  an outcome or a raised risk) rather than on a stated fact.
- Arguments for one state accrue (1 - product of (1 - weight)); the proof standard compares
  the best state's support with the next one's: contested when both are argued and the margin
  is small (nothing follows from it), clear when the margin is wide, leaning in between. The
  resolved state carries the margin as its strength, so strength decays along a chain.
- A risk's likelihood follows the weight of the argument for it; each mitigation that fires
  lowers its likelihood or severity one step. Only raised risks (possible or likely) are
  visible to the rules that read them.
- Typology placements are classifications, not weighed claims: every placement argued holds,
  with the strength of what it re-expresses (a default placement weighs as its grade).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accord.engine.conditions import Matcher, Store, Test, compile_holds, compile_matched

# the records of one evaluation live in engine/inference.py; they are named here too
from accord.engine.inference import (  # noqa: E402
    CLEAR,
    CONTESTED,
    LEANING,
    NO_SIGNAL,
    RULE_FACT_NAMES,
    WEAK,
    WITHHELD,
    Argument,
    Inference,
    Pair,
    Resolution,
    RiskCall,
)
from accord.engine.reevaluate import WhatIf  # noqa: E402
from accord.kb.model import (
    LIKELIHOODS,
    SEVERITIES,
    Condition,
    KnowledgeBase,
    Leaf,
    Rule,
    Scalar,
    Standard,
)
from accord.kb.strata import derived_units, unit, walk

__all__ = [
    "CLEAR",
    "CONTESTED",
    "LEANING",
    "NO_SIGNAL",
    "WEAK",
    "WITHHELD",
    "Argument",
    "Inference",
    "Resolution",
    "RiskCall",
    "Weigher",
    "accrue",
]


class _Compiled(dict):
    """Rule id -> its condition compiled by compile (a Test or a Matcher), made on first use.

    Compiling is deterministic, so two threads that miss at once store equal functions.
    """

    def __init__(self, kb: KnowledgeBase, compile: Callable[[Condition], Any]) -> None:
        super().__init__()
        self._kb = kb
        self._compile = compile

    def __missing__(self, rule_id: str) -> Any:
        compiled = self[rule_id] = self._compile(self._kb.rule(rule_id).when)
        return compiled


class Weigher(WhatIf):
    """The weighing standard of one knowledge base, with its strata precomputed."""

    def __init__(self, kb: KnowledgeBase) -> None:
        if kb.standard is None:  # the loader requires judgement.yaml; guard direct builds
            raise ValueError("this knowledge base has no weighing standard (judgement.yaml)")
        self.kb = kb
        self.std: Standard = kb.standard
        self.units = derived_units(kb.rules)
        self.rules_by_stratum: list[list[Rule]] = []
        for rule in kb.rules:  # kb.rules is in (stratum, id) order
            while len(self.rules_by_stratum) <= rule.stratum:
                self.rules_by_stratum.append([])
            self.rules_by_stratum[rule.stratum].append(rule)
        self.resolve_at: list[list[str]] = [[] for _ in self.rules_by_stratum]
        for u, rids in sorted(self.units.items()):
            top = max(kb.rule(r).stratum for r in rids)
            self.resolve_at[top].append(u)
        self.defaults = {r.id for r in kb.rules if r.kind == "typology" and _tests_unknown(r)}
        self.weighed = {
            name for name, d in kb.derived.items() if d.kind != "typology"
        } | RULE_FACT_NAMES
        self._cones: dict[str, frozenset[str]] = {}
        self._readers: dict[str, tuple[Rule, ...]] | None = None
        self._reach: frozenset[str] | None = None
        # compiled conditions, by rule id: the same meaning as holds() and explain().matched,
        # each compiled when first used (one assessment on durable-rules needs few of them)
        self.test: dict[str, Test] = _Compiled(kb, compile_holds)
        self.matched: dict[str, Matcher] = _Compiled(kb, compile_matched)
        self._grade = {
            r.id: self.std.grade_weight[r.grade]
            for r in kb.rules
            if r.grade in self.std.grade_weight
        }
        # for a what-if: the units each rule argues about, the stratum each unit resolves at
        self._argues: dict[str, tuple[str, ...]] = {
            r.id: tuple(
                dict.fromkeys(
                    [unit(f, v) for f, v in r.conclusions] + [unit("risk", m) for m in r.mitigates]
                )
            )
            for r in kb.rules
        }
        self._concludes = {r.id: [unit(f, v) for f, v in r.conclusions] for r in kb.rules}
        self._mitigates = {r.id: [unit("risk", m) for m in r.mitigates] for r in kb.rules}
        self._resolves_in = {u: s for s, us in enumerate(self.resolve_at) for u in us}
        self._order = {r.id: i for i, r in enumerate(kb.rules)}
        self._watch: dict[str, tuple[Rule, ...]] | None = None
        self._referenced: dict[str, set[Scalar]] | None = None
        self._memo: tuple[Inference, dict[str, tuple]] | None = None

    # --- one evaluation ---------------------------------------------------------------------
    def start(self, facts: tuple[tuple[str, object], ...], origins: dict[str, str]) -> Inference:
        """Working memory for a proposal: its facts, each with the strength of its origin."""
        store: Store = {}
        strength: dict[Pair, float] = {}
        for name, value in facts:
            values = set(value) if isinstance(value, tuple) else {value}
            store[name] = values  # type: ignore[assignment]
            s = self.std.fact_strength.get(origins.get(name, "stated"), 1.0)
            for v in values:
                strength[(name, v)] = s  # type: ignore[index]
        return Inference(store, strength)

    def fire(self, inf: Inference, rule: Rule) -> None:
        """Record the arguments of a rule whose condition holds over inf.store."""
        inf.fired.add(rule.id)
        arguments = inf.arguments
        for u, arg in self._arguments(inf, rule):
            found = arguments.get(u)
            if found is None:
                arguments[u] = [arg]
            else:
                found.append(arg)

    def _arguments(self, inf: Inference, rule: Rule) -> list[tuple[str, Argument]]:
        """The (unit, argument) pairs of a rule whose condition holds over inf.store."""
        return self._build(rule, *self._grounds(inf, rule))

    def _grounds(self, inf: Inference, rule: Rule) -> tuple[float, tuple, frozenset[str]]:
        """(weight, rests_on, roots) shared by every argument of a rule that holds."""
        rid = rule.id
        matched = self.matched[rid](inf.store)
        strength, known_roots = inf.strength, inf.roots
        if len(matched) == 1:
            pair = matched[0]
            weakest = strength.get(pair, 1.0)
            rests_on: tuple[tuple[str, Scalar, float], ...] = ((pair[0], pair[1], weakest),)
            roots = known_roots.get(pair)
            if roots is None:
                roots = frozenset((pair[0],))
            elif type(roots) is not frozenset:
                roots = frozenset(roots)
        else:
            rests_on = tuple((f, v, strength.get((f, v), 1.0)) for f, v in matched)
            roots = frozenset().union(*(known_roots.get((f, v), {f}) for f, v in matched))
            weakest = min((s for _, _, s in rests_on), default=1.0)
        if rule.kind == "typology":
            weight = weakest * (self._grade[rid] if rid in self.defaults else 1)
        else:
            weighed = self.weighed
            hop = self.std.attenuation if any(f in weighed for f, _ in matched) else 1.0
            weight = self._grade[rid] * weakest * hop
        return round(weight, 6), rests_on, roots

    def _build(
        self, rule: Rule, weight: float, rests_on: tuple, roots: frozenset[str]
    ) -> list[tuple[str, Argument]]:
        rid = rule.id
        out = [
            (u, Argument(rid, fact, value, weight, rests_on, roots))
            for u, (fact, value) in zip(self._concludes[rid], rule.conclusions, strict=True)
        ]
        for u in self._mitigates[rid]:
            out.append((u, Argument(rid, "mitigation", rid, weight, rests_on, roots)))
        return out

    def resolve(self, inf: Inference, stratum: int) -> list[Pair]:
        """Resolve every unit complete after this stratum; return the pairs it makes readable."""
        out: list[Pair] = []
        for u in self.resolve_at[stratum]:
            args = inf.arguments.get(u)
            if args:
                out.extend(self._resolve(inf, u, args))
        return out

    def _resolve(self, inf: Inference, u: str, args: list[Argument]) -> list[Pair]:
        fact, _, rid = u.partition("=")
        if fact == "risk":
            return self._risk(inf, rid, args)
        if rid or self.kb.derived[fact].kind == "typology":
            return self._assert_all(inf, args)
        lines = accrue(args)
        ranked = sorted(lines.items(), key=lambda kv: (-kv[1][0], str(kv[0])))
        best, (top, best_roots) = ranked[0]
        second = ranked[1][1][0] if len(ranked) > 1 else 0.0
        shown = tuple((v, round(s, 6)) for v, (s, _) in ranked)
        margin = round(top - second, 6)
        if second > 0 and margin < self.std.contested_below * (top + second):
            inf.resolutions[fact] = Resolution(fact, CONTESTED, None, 0.0, shown)
            return []
        strength = round(min(1.0, margin), 6)
        draw = self.std.draw(fact, self.kb.derived[fact].kind)
        if strength < draw:
            inf.resolutions[fact] = Resolution(fact, WEAK, best, strength, shown)
            return []
        standard = CLEAR if strength >= self.std.clear_from else LEANING
        inf.resolutions[fact] = Resolution(fact, standard, best, strength, shown)
        inf.store.setdefault(fact, set()).add(best)
        inf.strength[(fact, best)] = strength
        inf.roots[(fact, best)] = best_roots
        return [(fact, best)]

    def _assert_all(self, inf: Inference, args: list[Argument]) -> list[Pair]:
        out: list[Pair] = []
        for a in sorted(args, key=lambda a: (str(a.value), -a.weight)):
            pair = (a.fact, a.value)
            if pair not in inf.strength:
                out.append(pair)
            inf.store.setdefault(a.fact, set()).add(a.value)
            inf.strength[pair] = max(inf.strength.get(pair, 0.0), a.weight)
            inf.roots[pair] = inf.roots.get(pair, frozenset()) | a.roots
        return out

    def _risk(self, inf: Inference, rid: str, args: list[Argument]) -> list[Pair]:
        own = [a for a in args if a.fact == "risk"]
        if not own:
            return []  # mitigations of a risk that was not argued change nothing
        weight = max(a.weight for a in own)
        base = (
            "likely"
            if weight >= self.std.likely
            else "possible"
            if weight >= self.std.possible
            else "unlikely"
        )
        severity = self.kb.rule(rid).severity or "low"
        lik, sev = LIKELIHOODS.index(base), SEVERITIES.index(severity)
        credited = sorted({a.rule for a in args if a.fact == "mitigation"})
        for mid in credited:
            if self.kb.rule(mid).lowers == "severity":
                sev = max(0, sev - 1)
            else:
                lik = max(0, lik - 1)
        call = RiskCall(
            rid, weight, base, LIKELIHOODS[lik], severity, SEVERITIES[sev], tuple(credited)
        )
        inf.risks[rid] = call
        if not call.raised:
            return []
        inf.store.setdefault("risk", set()).add(rid)
        inf.strength[("risk", rid)] = weight
        inf.roots[("risk", rid)] = frozenset().union(*(a.roots for a in own))
        return [("risk", rid)]


def accrue(args: list[Argument]) -> dict[Scalar, tuple[float, frozenset[str]]]:
    """Support per state: independent lines of argument add up; dependent ones count once.

    Arguments are taken strongest first (then by rule id); one whose stated roots overlap the
    roots already counted for that state adds nothing (it re-uses the same evidence).
    """
    out: dict[Scalar, tuple[float, frozenset[str]]] = {}
    for a in sorted(args, key=lambda a: (-a.weight, a.rule)):
        total, used = out.get(a.value, (0.0, frozenset()))
        if used & a.roots:
            continue
        out[a.value] = (total + a.weight, used | a.roots)
    return out


def _tests_unknown(rule: Rule) -> bool:
    """A default placement: it applies because a proposal fact is unknown."""
    return any(isinstance(leaf, Leaf) and leaf.op == "unknown" for leaf, _ in walk(rule.when))
