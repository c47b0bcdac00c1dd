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

from dataclasses import dataclass, field

from accord.engine.conditions import Matcher, Store, Test, compile_holds, compile_matched
from accord.kb.model import (
    LIKELIHOODS,
    RULE_FACTS,
    SEVERITIES,
    KnowledgeBase,
    Leaf,
    Rule,
    Scalar,
    Standard,
)
from accord.kb.strata import derived_units, referenced_values, unit, walk

CLEAR, LEANING, WEAK, CONTESTED = "clear", "leaning", "weak", "contested"
WITHHELD, NO_SIGNAL = "withheld", "no signal"  # set by the explanation, never by the weighing
RULE_FACT_NAMES = frozenset(RULE_FACTS.values())
Pair = tuple[str, Scalar]


@dataclass(frozen=True)
class Argument:
    """One rule's argument for one state (or, for a risk, for raising it), with its weight."""

    rule: str
    fact: str
    value: Scalar
    weight: float
    rests_on: tuple[tuple[str, Scalar, float], ...]  # (fact, value, strength) it read
    roots: frozenset[str]  # the stated facts it ultimately rests on (for independence)


@dataclass(frozen=True)
class Resolution:
    """How the standard resolved a mechanism or outcome: state, standard met and strength."""

    fact: str
    standard: str  # clear | leaning | weak (shown, nothing follows) | contested
    state: Scalar | None  # None when contested
    strength: float  # the margin of the winning state over the next, at most 1
    support: tuple[tuple[Scalar, float], ...]  # accrued support per state, strongest first


@dataclass(frozen=True)
class RiskCall:
    """A risk rule that fired: its weight, likelihood and severity after mitigations."""

    risk: str
    weight: float
    base_likelihood: str
    likelihood: str  # likely | possible | unlikely (unlikely: not raised)
    base_severity: str
    severity: str
    mitigations: tuple[str, ...]  # mitigation rule ids credited, in id order

    @property
    def raised(self) -> bool:
        return self.likelihood != "unlikely"


@dataclass
class Inference:
    """Everything one evaluation concluded. Built by Weigher; read by engine.explain."""

    store: Store
    strength: dict[Pair, float]
    roots: dict[Pair, frozenset[str]] = field(default_factory=dict)
    fired: set[str] = field(default_factory=set)
    arguments: dict[str, list[Argument]] = field(default_factory=dict)  # by unit
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    risks: dict[str, RiskCall] = field(default_factory=dict)
    # after Weigher.what_if: the units it resolved again (everything else is as in its base);
    # None after a full evaluation
    redone: set[str] | None = None

    def copy(self, facts: set[str] | None = None) -> Inference:
        """An independent copy; with facts, only those facts' value sets are copied (the
        caller promises to change no other fact's set in place)."""
        if facts is None:
            store = {k: set(v) for k, v in self.store.items()}
        else:
            store = dict(self.store)
            for k in facts & store.keys():
                store[k] = set(store[k])
        return Inference(
            store=store,
            strength=dict(self.strength),
            roots=dict(self.roots),
            fired=set(self.fired),
            arguments={k: list(v) for k, v in self.arguments.items()},
            resolutions=dict(self.resolutions),
            risks=dict(self.risks),
        )


class Weigher:
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
        # compiled conditions, by rule id: the same meaning as holds() and explain().matched
        self.test: dict[str, Test] = {r.id: compile_holds(r.when) for r in kb.rules}
        self.matched: dict[str, Matcher] = {r.id: compile_matched(r.when) for r in kb.rules}
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

    # --- what-if, re-evaluating only what a changed fact can reach ---------------------------
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
        if self._memo is None or self._memo[0] is not base:
            self._memo = (base, {})  # what base's rules matched, for this base only
        was = self._memo[1]
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


def _read(rule: Rule) -> set[str]:
    return {leaf.fact for leaf, _ in walk(rule.when)}


def _tests_unknown(rule: Rule) -> bool:
    """A default placement: it applies because a proposal fact is unknown."""
    return any(isinstance(leaf, Leaf) and leaf.op == "unknown" for leaf, _ in walk(rule.when))
