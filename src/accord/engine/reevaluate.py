"""What-if re-evaluation: the same proposal with one fact changed, redoing only what it reaches.

A mixin of Weigher (engine/weighing.py): it reads the precomputed tables Weigher builds (strata,
units, compiled conditions) and calls its firing and resolution steps. The result equals a full
evaluation for every rule that can reach a risk (tests/test_whatif_exact.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accord.engine.conditions import Matcher, Test
from accord.engine.inference import Argument, Inference, Pair
from accord.kb.model import KnowledgeBase, Rule, Scalar, Standard
from accord.kb.strata import referenced_values, walk


class WhatIf:
    """Readers, cones and what-ifs over one knowledge base's rules."""

    kb: KnowledgeBase
    std: Standard
    units: dict[str, list[str]]
    rules_by_stratum: list[list[Rule]]
    resolve_at: list[list[str]]
    test: dict[str, Test]
    matched: dict[str, Matcher]
    _cones: dict[str, Any]
    _readers: dict[str, tuple[Rule, ...]] | None
    _reach: frozenset[str] | None
    _argues: dict[str, tuple[str, ...]]
    _resolves_in: dict[str, int]
    _order: dict[str, int]
    _watch: dict[str, tuple[Rule, ...]] | None
    _referenced: dict[str, set[Scalar]] | None
    _memo: tuple[Inference, dict[str, tuple]] | None
    # the firing and resolution steps Weigher provides
    _grounds: Callable[[Inference, Rule], tuple[float, tuple, frozenset[str]]]
    _build: Callable[[Rule, float, tuple, frozenset[str]], list[tuple[str, Argument]]]
    _resolve: Callable[[Inference, str, list[Argument]], list[Pair]]

    def readers(self, fact: str) -> tuple[Rule, ...]:
        """Rules whose condition tests this fact directly."""
        if self._readers is None:
            found: dict[str, list[Rule]] = {}
            for rule in self.kb.rules:
                for f in sorted({leaf.fact for leaf, _ in walk(rule.when)}):
                    found.setdefault(f, []).append(rule)
            self._readers = {f: tuple(rs) for f, rs in found.items()}
        return self._readers.get(fact, ())

    @property
    def reach_risks(self) -> frozenset[str]:
        """Rules from which a risk can be reached: all that a what-if needs to re-evaluate."""
        if self._reach is None:
            needed = {r.id for r in self.kb.rules if r.kind in ("risk", "mitigation")}
            facts = {f for r in self.kb.rules if r.id in needed for f in _read(r)}
            changed = True
            while changed:
                changed = False
                for r in self.kb.rules:
                    if r.id not in needed and any(c in facts for c, _ in r.conclusions):
                        needed.add(r.id)
                        facts |= _read(r)
                        changed = True
            self._reach = frozenset(needed)
        return self._reach

    @property
    def referenced(self) -> dict[str, set[Scalar]]:
        """Every value (or threshold) some rule tests each fact against (kb.strata), cached."""
        if self._referenced is None:
            self._referenced = referenced_values(self.kb)
        return self._referenced

    def cone(self, fact: str) -> frozenset[str]:
        """Rules that a change to one proposal fact can affect and that can reach a risk.

        A what-if from here answers for typology, mechanisms, outcomes and risks; the
        recommendations and checks that only follow from risks are not re-evaluated.
        """
        if fact in self._cones:
            return self._cones[fact]
        reached: set[str] = set()
        todo = [fact]
        seen_facts = {fact}
        while todo:
            f = todo.pop()
            for rule in self.readers(f):
                if rule.id in reached:
                    continue
                reached.add(rule.id)
                outs = [c for c, _ in rule.conclusions] + (["risk"] if rule.mitigates else [])
                for c in outs:
                    if c not in seen_facts:
                        seen_facts.add(c)
                        todo.append(c)
        cone = frozenset(reached) & self.reach_risks
        self._cones[fact] = cone
        return cone

    def watchers(self, fact: str) -> tuple[Rule, ...]:
        """Rules that read this fact directly and can reach a risk, in (stratum, id) order."""
        if self._watch is None:
            reach = self.reach_risks
            self._watch = {}
            for rule in self.kb.rules:  # (stratum, id) order
                for f in sorted(_read(rule)):
                    if rule.id in reach:
                        self._watch[f] = (*self._watch.get(f, ()), rule)
        return self._watch.get(fact, ())

    def first_effect(self, base: Inference, fact: str, value: object) -> frozenset | None:
        """What setting a fact changes among the rules that read it directly (exact).

        Returns None when no rule that can reach a risk changes whether it fires or which
        facts it rests on: then nothing downstream can change. Otherwise returns the readers
        that would fire, with the facts they would rest on (without the value itself); two
        answers with the same first effect have the same outcome downstream.
        """
        trial = dict(base.store)
        trial[fact] = set(value) if isinstance(value, tuple) else {value}  # type: ignore[arg-type]
        memo = self._memo  # read once: another thread may replace it for its own base
        if memo is None or memo[0] is not base:
            memo = self._memo = (base, {})  # what base's rules matched, for this base only
        was = memo[1]
        changed = False
        effect = set()
        for rule in self.watchers(fact):
            rid = rule.id
            before = rid in base.fired
            if self.test[rid](trial):
                now = self.matched[rid](trial)
                effect.add((rid, frozenset(f for f, _ in now)))
                if not changed and before:
                    if rid not in was:
                        was[rid] = self.matched[rid](base.store)
                    changed = now != was[rid]
                else:
                    changed = True
            elif before:
                changed = True
        return frozenset(effect) if changed else None

    def what_if(
        self, base: Inference, fact: str, value: object, origin: str = "stated"
    ) -> Inference:
        """The inference for the same proposal with one fact set; equal to a full evaluation.

        Args:
            base: the inference of the proposal as stated (not changed).
            fact: a proposal fact; value: its trial value (a tuple for a set fact);
            origin: where the value would come from, for its strength.
        Returns:
            a new Inference whose store, strengths, roots, fired rules, resolutions and risks
            equal a full evaluation of the proposal with fact = value, for every rule that can
            reach a risk (recommendations and checks that only follow from risks keep base's).

        Only what the change reaches is evaluated again: a rule is tested again when a fact
        it reads differs from base (in its values, their strengths or their roots); a unit is
        resolved again when one of its arguments differs; a fact whose resolution comes out as
        in base stops the propagation there. Unchanged parts are shared with base, never
        changed in place.
        """
        inf = Inference(
            store=dict(base.store),
            strength=dict(base.strength),
            roots=dict(base.roots),
            fired=set(base.fired),
            arguments=dict(base.arguments),
            resolutions=dict(base.resolutions),
            risks=dict(base.risks),
        )
        values: set[Scalar] = set(value) if isinstance(value, tuple) else {value}  # type: ignore[arg-type]
        for old in inf.store.get(fact, ()):
            inf.strength.pop((fact, old), None)
        inf.store[fact] = values
        s = self.std.fact_strength.get(origin, 1.0)
        for v in values:
            inf.strength[(fact, v)] = s
        redone: set[str] = set()
        inf.redone = redone
        if not self._differs(base, inf, fact):
            return inf
        # rules to test again and units to resolve again, by stratum
        pending: dict[int, dict[str, Rule]] = {}
        dirty: dict[int, set[str]] = {}
        for r in self.watchers(fact):
            pending.setdefault(r.stratum, {})[r.id] = r
        order, resolves_in = self._order, self._resolves_in
        while pending or dirty:
            stratum = min(pending.keys() | dirty.keys())
            rules = pending.pop(stratum, None)
            if rules:
                for rule in sorted(rules.values(), key=lambda r: order[r.id]):
                    for u in self._refire(inf, rule):
                        dirty.setdefault(resolves_in[u], set()).add(u)
            for u in sorted(dirty.pop(stratum, ())):
                redone.add(u)
                name = self._reresolve(inf, u)
                if self._differs(base, inf, name):
                    for r in self.watchers(name):
                        pending.setdefault(r.stratum, {})[r.id] = r
        return inf

    def _refire(self, inf: Inference, rule: Rule) -> tuple[str, ...]:
        """Test a rule again; when its arguments change, return the units they are about."""
        was = rule.id in inf.fired
        holds_now = self.test[rule.id](inf.store)
        if not was and not holds_now:
            return ()
        units = self._argues[rule.id]
        if not units:  # argues about nothing: only whether it fired changes
            if holds_now:
                inf.fired.add(rule.id)
            else:
                inf.fired.discard(rule.id)
            return ()
        if holds_now:
            grounds = self._grounds(inf, rule)
            if was:
                # every argument of a rule shares its grounds; the rest follows from the rule
                rid = rule.id
                old = next(a for a in inf.arguments[units[0]] if a.rule == rid)
                if grounds == (old.weight, old.rests_on, old.roots):
                    return ()
            new = self._build(rule, *grounds)
        else:
            new = []
        for u in units:
            args = inf.arguments.get(u, [])
            kept = [a for a in args if a.rule != rule.id] if was else list(args)
            kept.extend(a for v, a in new if v == u)
            inf.arguments[u] = kept
        if holds_now:
            inf.fired.add(rule.id)
        else:
            inf.fired.discard(rule.id)
        return units

    def _reresolve(self, inf: Inference, u: str) -> str:
        """Forget a unit's resolution and resolve it again from its arguments; its fact."""
        self._forget(inf, u)
        fact, _, rid = u.partition("=")
        if rid and fact in inf.store:  # the set may be base's: resolving adds to it
            inf.store[fact] = set(inf.store[fact])
        args = inf.arguments.get(u)
        if args:
            self._resolve(inf, u, args)
        return fact

    @staticmethod
    def _differs(base: Inference, inf: Inference, name: str) -> bool:
        """Whether a fact reads differently in inf than in base (values, strengths, roots)."""
        old, new = base.store.get(name), inf.store.get(name)
        if old != new:
            return bool(old or new)
        for v in new or ():
            pair = (name, v)
            if base.strength.get(pair) != inf.strength.get(pair):
                return True
            if base.roots.get(pair) != inf.roots.get(pair):
                return True
        return False

    def _forget(self, inf: Inference, u: str) -> None:
        """Remove a unit's resolution from inf (sets are replaced, never changed in place)."""
        fact, _, rid = u.partition("=")
        if rid:
            values = inf.store.get(fact)
            if values is not None and rid in values:
                rest = values - {rid}
                if rest:
                    inf.store[fact] = rest
                else:
                    del inf.store[fact]
            inf.strength.pop((fact, rid), None)
            inf.roots.pop((fact, rid), None)
            if fact == "risk":
                inf.risks.pop(rid, None)
            return
        for v in inf.store.pop(fact, set()):
            inf.strength.pop((fact, v), None)
            inf.roots.pop((fact, v), None)
        inf.resolutions.pop(fact, None)


def _read(rule: Rule) -> set[str]:
    """The facts a rule's condition tests."""
    return {leaf.fact for leaf, _ in walk(rule.when)}
