"""Verify a loaded knowledge base: anomalies in its rules that the loader's schema checks allow.

Every finding names the rules involved. The checks are static: they read conditions against the
vocabulary and never run the engine. Satisfiability is decided on each rule's condition put in
disjunctive form (top-level all/any and negated single tests); a `not` over a compound test is
taken as satisfiable, so the checks err towards silence rather than false alarms.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from accord.kb.model import (
    RULE_FACTS,
    Accepted,
    All,
    Any_,
    Condition,
    KnowledgeBase,
    Leaf,
    Not,
    Rule,
    Scalar,
    grade_rank,
)
from accord.kb.strata import walk

CHECKS = (
    "duplicate",
    "subsumed",
    "contradiction",
    "cycle",
    "unreachable",
    "dead-end",
    "unused-fact",
    "unaddressed-risk",
    "overgraded",
)
CHECK_HELP = {
    "duplicate": "two rules with the same condition and conclusion",
    "subsumed": "a rule whose conclusion another rule already draws from fewer conditions",
    "contradiction": "overlapping conditions concluding opposite states of one derived fact",
    "cycle": "rules that derive each other's conditions",
    "unreachable": "a rule no proposal can make fire",
    "dead-end": "a derived fact or state that no rule reads and no recommendation addresses",
    "unused-fact": "a vocabulary fact that no rule reads and whose vocabulary entry gives no collected_because",
    "unaddressed-risk": "a risk no recommendation or check addresses",
    "overgraded": "a rule graded above the strongest claim it cites",
}
MAX_TERMS = 512  # cap on the disjunctive form of one condition


@dataclass(frozen=True)
class Finding:
    check: str
    message: str
    rules: tuple[str, ...]
    file: str
    line: int | None = None
    hint: str = ""
    subject: str = ""  # the fact a finding is about, when it is about a fact

    @property
    def subjects(self) -> tuple[str, ...]:
        return self.rules + ((self.subject,) if self.subject else ())

    def render(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        out = f"{loc}: {self.check}: {self.message} [rules: {', '.join(self.rules) or '-'}]"
        if self.hint:
            out += f"\n    hint: {self.hint}"
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "message": self.message,
            "rules": list(self.rules),
            "file": self.file,
            "line": self.line,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class LintReport:
    findings: tuple[Finding, ...]
    accepted: tuple[tuple[Finding, str], ...]  # findings kb.yaml accepts, with the reason
    stale: tuple[Accepted, ...] = ()  # acceptances in kb.yaml that match no finding any more

    @property
    def clean(self) -> bool:
        return not self.findings


def lint_kb(kb: KnowledgeBase, checks: Iterable[str] = CHECKS) -> LintReport:
    """Run the named checks (default: all); set aside the findings kb.yaml accepts."""
    linter = _Linter(kb)
    found: list[Finding] = []
    checks = tuple(checks)
    for check in checks:
        found.extend(getattr(linter, check.replace("-", "_"))())
    found.sort(key=lambda f: (f.file, f.line or 0, f.check, f.rules))
    open_, accepted = [], []
    used: set[Accepted] = set()
    for f in found:
        used.update(a for a in kb.accepted if a.check == f.check and a.subject in f.subjects)
        why = next(
            (a.because for a in kb.accepted if a.check == f.check and a.subject in f.subjects),
            None,
        )
        if why is None:
            open_.append(f)
        else:
            accepted.append((f, why))
    stale = tuple(a for a in kb.accepted if a not in used and a.check in set(checks))
    return LintReport(tuple(open_), tuple(accepted), stale)


def reachable_rules(kb: KnowledgeBase) -> set[str]:
    """The ids of the rules some proposal could make fire, as far as static analysis can tell."""
    return _Linter(kb).derivable()[1]


# --- canonical forms ----------------------------------------------------------------------


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


# --- satisfiability -----------------------------------------------------------------------

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


class _Vocabulary:
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
            states = set(self.kb.derived[fact].state_names)
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
        needs_value = [(leaf, pos) for leaf, pos in lits if pos and leaf.op != "unknown"]
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
        asked = sorted({str(v) for leaf in wanted for v in _values(leaf)})
        if fact in self.kb.derived or fact in RULE_FACTS.values():
            missing = sorted(
                {str(v) for leaf in wanted for v in _values(leaf)} - set(map(str, domain))
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


def _values(leaf: Leaf) -> tuple[Scalar, ...]:
    if leaf.op == "in":
        return tuple(leaf.value)  # type: ignore[arg-type]
    if leaf.op == "equals":
        return (leaf.value,)  # type: ignore[return-value]
    return ()


def _read(rule: Rule) -> Iterator[Leaf]:
    for leaf, _ in walk(rule.when):
        yield leaf


class _Linter:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.rules = sorted(kb.rules, key=lambda r: (r.file, r.line or 0, r.id))

    def finding(
        self, check: str, message: str, rules: Iterable[Rule], hint: str = "", subject: str = ""
    ) -> Finding:
        rs = sorted(rules, key=lambda r: (r.file, r.line or 0, r.id))
        return Finding(
            check, message, tuple(r.id for r in rs), rs[0].file, rs[0].line, hint, subject
        )

    # --- duplicates and subsumption --------------------------------------------------------
    def duplicate(self) -> list[Finding]:
        groups: dict[object, list[Rule]] = {}
        for r in self.rules:
            key = conclusion_key(r)
            if key is not None:
                groups.setdefault((key, canon(r.when)), []).append(r)
        return [
            self.finding(
                "duplicate",
                f"{', '.join(r.id for r in rs)} have the same condition and conclusion",
                rs,
                hint="keep one rule and merge the evidence of the others into it",
            )
            for rs in groups.values()
            if len(rs) > 1
        ]

    def subsumed(self) -> list[Finding]:
        out = []
        for a, b in itertools.permutations(self.rules, 2):
            key = conclusion_key(a)
            if key is None or key != conclusion_key(b):
                continue
            ca, cb = conjuncts(a.when), conjuncts(b.when)
            if cb < ca:
                out.append(
                    self.finding(
                        "subsumed",
                        f"{a.id} is redundant: {b.id} draws the same conclusion from a subset of "
                        f"its conditions",
                        [a, b],
                        hint=f"retire {a.id}, or make its conclusion differ from {b.id}'s",
                    )
                )
        return out

    # --- contradictions --------------------------------------------------------------------
    def contradiction(self) -> list[Finding]:
        vocab = _Vocabulary(self.kb, None)
        out = []
        for a, b in itertools.combinations(self.rules, 2):
            clash = [
                (fa, sa, sb) for fa, sa in a.then for fb, sb in b.then if fa == fb and sa != sb
            ]
            if not clash or any(t.covers(a, b) for t in self.kb.tensions):
                continue
            if vocab.unsatisfiable(All((a.when, b.when))) is not None:
                continue  # their conditions exclude each other
            fact, sa, sb = clash[0]
            out.append(
                self.finding(
                    "contradiction",
                    f"{a.id} concludes {fact}={sa} and {b.id} concludes {fact}={sb}, and one "
                    "proposal can satisfy both",
                    [a, b],
                    hint="make the conditions exclusive, or accept the pair under 'tensions:' "
                    "in derived.yaml with a 'because'",
                )
            )
        return out

    # --- cycles ----------------------------------------------------------------------------
    def cycle(self) -> list[Finding]:
        derivers: dict[tuple[str, Scalar], set[str]] = {}
        for r in self.rules:
            for fact, value in r.conclusions:
                derivers.setdefault((fact, value), set()).add(r.id)
        graph: dict[str, set[str]] = {}
        for r in self.rules:
            deps: set[str] = set()
            for leaf in _read(r):
                vals = _values(leaf)
                for (fact, value), rids in derivers.items():
                    if fact == leaf.fact and (not vals or value in vals):
                        deps |= rids
            graph[r.id] = deps
        out = []
        for comp in _components(graph):
            if len(comp) > 1 or next(iter(comp)) in graph[next(iter(comp))]:
                rs = [self.kb.rule(rid) for rid in comp]
                out.append(
                    self.finding(
                        "cycle",
                        f"derivation cycle: {', '.join(sorted(comp))} each depend on another's "
                        "conclusion",
                        rs,
                        hint="a conclusion should not be needed to derive itself; break the loop",
                    )
                )
        return out

    # --- reachability ----------------------------------------------------------------------
    def derivable(self) -> tuple[dict[str, set[Scalar]], set[str]]:
        derivable: dict[str, set[Scalar]] = {}
        reached: set[str] = set()
        changed = True
        while changed:
            changed = False
            vocab = _Vocabulary(self.kb, derivable)
            for r in self.rules:
                if r.id not in reached and vocab.unsatisfiable(r.when) is None:
                    reached.add(r.id)
                    for fact, value in r.conclusions:
                        derivable.setdefault(fact, set()).add(value)
                    changed = True
        return derivable, reached

    def unreachable(self) -> list[Finding]:
        derivable, reached = self.derivable()
        vocab = _Vocabulary(self.kb, derivable)
        out = []
        for r in self.rules:
            if r.id in reached:
                continue
            why = vocab.unsatisfiable(r.when) or "its conditions cannot all hold"
            out.append(
                self.finding(
                    "unreachable",
                    f"{r.id} can never fire: {why}",
                    [r],
                    hint="fix the condition, or retire the rule",
                )
            )
        return out

    # --- what nothing reads ----------------------------------------------------------------
    def readers(self) -> dict[str, list[tuple[Leaf, Rule]]]:
        out: dict[str, list[tuple[Leaf, Rule]]] = {}
        for r in self.rules:
            for leaf in _read(r):
                out.setdefault(leaf.fact, []).append((leaf, r))
        return out

    def dead_end(self) -> list[Finding]:
        readers = self.readers()
        addressed = {a for r in self.rules for a in r.addresses if "=" in a}
        out = []
        for name, d in self.kb.derived.items():
            if d.kind == "typology":
                continue  # typology placements are an end in themselves: the assessment shows them
            derivers = [r for r in self.rules if any(f == name for f, _ in r.then)]
            if not derivers:
                continue  # nothing derives it: reported as unreachable where it is read
            reads = readers.get(name, [])
            for state in d.state_names:
                setters = [r for r in derivers if (name, state) in r.then]
                if not setters or f"{name}={state}" in addressed:
                    continue
                if reads and d.kind != "mechanism":
                    continue  # an outcome state nobody acts on (synergy) is a fine end point
                used = any(
                    leaf.op in ("known", "unknown") or state in _values(leaf) for leaf, _ in reads
                )
                if not used:
                    what = f"{d.kind} '{name}'" if not reads else f"state {name}={state}"
                    out.append(
                        self.finding(
                            "dead-end",
                            f"{what} is derived by {', '.join(r.id for r in setters)} but no rule "
                            "reads it and no recommendation addresses it",
                            setters,
                            hint=f"add a rule or recommendation that uses {name}={state}, or "
                            "drop the conclusion",
                            subject=name,
                        )
                    )
        return out

    def unused_fact(self) -> list[Finding]:
        readers = self.readers()
        out = []
        vocab_file = "vocabulary.yaml"
        for name, f in self.kb.facts.items():
            # a fact no rule reads must say why it is asked (vocabulary 'collected_because')
            if name not in readers and not f.collected_because:
                out.append(
                    Finding(
                        "unused-fact",
                        f"vocabulary fact '{name}' is read by no rule",
                        (),
                        vocab_file,
                        f.line,
                        hint="write a rule that uses it, say why it is asked in 'collected_because:', "
                        "or remove it from the vocabulary",
                        subject=name,
                    )
                )
        return out

    def unaddressed_risk(self) -> list[Finding]:
        addressed = {a for r in self.rules for a in r.addresses}
        readers = {
            v
            for r in self.rules
            if r.kind in ("recommendation", "lifecycle")
            for leaf in _read(r)
            if leaf.fact == "risk"
            for v in _values(leaf)
        }
        return [
            self.finding(
                "unaddressed-risk",
                f"risk {r.id} is addressed by no recommendation",
                [r],
                hint=f"add a recommendation with 'addresses: [{r.id}]'",
            )
            for r in self.rules
            if r.kind == "risk" and r.id not in addressed and r.id not in readers
        ]

    def overgraded(self) -> list[Finding]:
        out = []
        for r in self.rules:
            cited = [self.kb.claims[c] for c in r.evidence if c in self.kb.claims]
            if not cited:
                continue
            best = max(cited, key=lambda c: grade_rank(c.grade))
            if grade_rank(r.grade) > grade_rank(best.grade):
                out.append(
                    self.finding(
                        "overgraded",
                        f"{r.id} is graded {r.grade} but its strongest claim ({best.id}) is "
                        f"{best.grade}",
                        [r],
                        hint=f"grade it {best.grade}, or cite the stronger claim it rests on",
                    )
                )
        return out


def _components(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components (Tarjan), iterative, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = set()
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.add(w)
                    if w == node:
                        break
                out.append(comp)
    return out
