"""Run the cases beside each rule: the code behind both pytest and `accord kb test`."""

from __future__ import annotations

from dataclasses import dataclass

from accord.engine import Engine
from accord.kb.model import Case, KnowledgeBase


@dataclass(frozen=True)
class CaseResult:
    case: Case
    fired: bool
    passed: bool
    fired_rules: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.case.rule}_{self.case.name}"

    def explain(self) -> str:
        """Say what was expected and what happened, in words."""
        c = self.case
        given = ", ".join(f"{k}={v}" for k, v in c.facts) or "no facts"
        want = "to fire" if c.expect == "fires" else "to stay silent"
        got = "fired" if self.fired else "did not fire"
        head = f"{c.file}:{c.line}: {c.rule} case '{c.name}': expected {want}, it {got}"
        return f"{head}\n    given: {given}\n    rules that fired: {', '.join(self.fired_rules) or 'none'}"


def run_case(case: Case, engine: Engine) -> CaseResult:
    fired, _ = engine.run(case.facts)
    did = case.rule in fired
    return CaseResult(case, did, did == (case.expect == "fires"), tuple(sorted(fired)))


def run_cases(kb: KnowledgeBase, engine: Engine, select: str | None = None) -> list[CaseResult]:
    """Run every case (or those whose rule id or case id contains select)."""
    return [
        run_case(c, engine)
        for c in kb.cases
        if select is None or select in c.rule or select in f"{c.rule}_{c.name}"
    ]
