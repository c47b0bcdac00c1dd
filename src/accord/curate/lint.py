"""Verify a loaded knowledge base: anomalies in its rules that the loader's schema checks allow.

Every finding names the rules involved. The checks are static: they read conditions against the
vocabulary and never run the engine. Satisfiability is decided on each rule's condition put in
disjunctive form (top-level all/any and negated single tests); a `not` over a compound test is
taken as satisfiable, so the checks err towards silence rather than false alarms.

The checks live in accord.curate.lint_checks, the satisfiability reasoning in
accord.curate.satisfiable, and what they report in accord.curate.findings.
"""

from __future__ import annotations

from collections.abc import Iterable

from accord.curate.findings import CHECKS, Finding, LintReport
from accord.curate.lint_checks import RuleChecks
from accord.kb.model import Accepted, KnowledgeBase

__all__ = ["CHECKS", "Finding", "LintReport", "lint_kb", "reachable_rules"]


def lint_kb(kb: KnowledgeBase, checks: Iterable[str] = CHECKS) -> LintReport:
    """Run the named checks (default: all); set aside the findings kb.yaml accepts.

    checks are names from CHECKS (an unknown name raises AttributeError: callers check it).
    Returns the open findings, the accepted ones with kb.yaml's reason, and acceptances that
    match no finding any more (stale), each in file and line order.
    """
    linter = RuleChecks(kb)
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
    return RuleChecks(kb).derivable()[1]
