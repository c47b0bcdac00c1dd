"""The lint checks themselves: duplicates, subsumption, contradictions, cycles, reachability,
dead ends, unused facts, unaddressed risks and overgrading. accord.curate.lint runs them."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from accord.curate.canonical import canon, conclusion_key, conjuncts
from accord.curate.findings import Finding
from accord.curate.satisfiable import ValueSpace, tested_values
from accord.kb.model import All, KnowledgeBase, Leaf, Rule, Scalar, grade_rank
from accord.kb.strata import walk


def read_leaves(rule: Rule) -> Iterator[Leaf]:
    """Every single test in a rule's condition."""
    for leaf, _ in walk(rule.when):
        yield leaf


class RuleChecks:
    """The lint checks over one knowledge base; each check is a method named after it."""

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
        vocab = ValueSpace(self.kb, None)
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
    # --- reachability ----------------------------------------------------------------------
    def derivable(self) -> tuple[dict[str, set[Scalar]], set[str]]:
        derivable: dict[str, set[Scalar]] = {}
        reached: set[str] = set()
        changed = True
        while changed:
            changed = False
            vocab = ValueSpace(self.kb, derivable)
            for r in self.rules:
                if r.id not in reached and vocab.unsatisfiable(r.when) is None:
                    reached.add(r.id)
                    for fact, value in r.conclusions:
                        derivable.setdefault(fact, set()).add(value)
                    changed = True
        return derivable, reached

    def unreachable(self) -> list[Finding]:
        derivable, reached = self.derivable()
        vocab = ValueSpace(self.kb, derivable)
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
            for leaf in read_leaves(r):
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
                    leaf.op in ("known", "unknown") or state in tested_values(leaf)
                    for leaf, _ in reads
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
                        hint="write a rule that uses it, say why it is asked in "
                        "'collected_because:', or remove it from the vocabulary",
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
            for leaf in read_leaves(r)
            if leaf.fact == "risk"
            for v in tested_values(leaf)
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
