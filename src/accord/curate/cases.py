"""Run the cases beside each rule: the one runner behind pytest, `accord kb test` and
`accord kb check`.

Cases come from the knowledge base's *.cases.yaml files (KnowledgeBase.cases); each names a rule,
the facts given, and whether the rule is expected to fire or stay silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.curate.wording import top_conditions, words
from accord.engine import Engine
from accord.engine.conditions import holds
from accord.kb.model import Case, KnowledgeBase


@dataclass(frozen=True)
class ConditionCheck:
    """One top-level condition of a rule in words, and whether it held on the final facts."""

    text: str
    held: bool


@dataclass(frozen=True)
class CaseResult:
    """One case run: what fired, whether that was expected, and for a failure, why.

    conditions is empty for a passing case; for a failing one it lists the rule's top-level
    conditions and whether each held on the facts the run ended with.
    """

    case: Case
    fired: bool
    passed: bool
    fired_rules: tuple[str, ...]
    conditions: tuple[ConditionCheck, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.case.rule}_{self.case.name}"

    @property
    def verdict(self) -> str:
        """'ok', 'missed' (expected to fire, stayed silent) or 'extra' (fired unexpectedly)."""
        if self.passed:
            return "ok"
        return "missed" if self.case.expect == "fires" else "extra"

    def explain(self) -> str:
        """Say what was expected and what happened, in words (for test failures)."""
        c = self.case
        given = ", ".join(f"{k}={v}" for k, v in c.facts) or "no facts"
        head = f"{c.file}:{c.line}: {c.rule} case '{c.name}': expected {self._want()}, it {self._got()}"
        return f"{head}\n    given: {given}\n    rules that fired: {', '.join(self.fired_rules) or 'none'}"

    def render(self) -> str:
        """The report line of `accord kb test`: PASS, or FAIL with the conditions that held."""
        c = self.case
        head = f"{'PASS' if self.passed else 'FAIL'} {self.id}"
        if self.passed:
            return head
        given = ", ".join(f"{k}={_show(v)}" for k, v in c.facts) or "no facts"
        lines = [
            f"{head} ({self.verdict}: expected {self._want()}, it {self._got()})",
            f"    at: {c.file}:{c.line}",
            f"    given: {given}",
            f"    rules that fired: {', '.join(self.fired_rules) or 'none'}",
            f"    why: {c.rule}'s conditions on the final facts:",
        ]
        lines += [f"      [{'x' if k.held else ' '}] {k.text}" for k in self.conditions]
        return "\n".join(lines)

    def _want(self) -> str:
        return "to fire" if self.case.expect == "fires" else "to stay silent"

    def _got(self) -> str:
        return "fired" if self.fired else "did not fire"


def run_case(case: Case, engine: Engine, kb: KnowledgeBase | None = None) -> CaseResult:
    """Run one case on the engine. With kb given, a failure says which conditions held."""
    fired, store = engine.run(case.facts)
    did = case.rule in fired
    passed = did == (case.expect == "fires")
    checks: tuple[ConditionCheck, ...] = ()
    if not passed and kb is not None:
        checks = tuple(
            ConditionCheck(words(c), holds(c, store))
            for c in top_conditions(kb.rule(case.rule).when)
        )
    return CaseResult(case, did, passed, tuple(sorted(fired)), checks)


def run_cases(kb: KnowledgeBase, engine: Engine, select: str | None = None) -> list[CaseResult]:
    """Run every case (or those whose rule id or case id contains select), explaining failures."""
    return [
        run_case(c, engine, kb)
        for c in kb.cases
        if select is None or select in c.rule or select in f"{c.rule}_{c.name}"
    ]


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)
